/// <reference types="vitest/config" />
// Build and test configuration for the Warrant UI. The Tauri shell loads the
// static files from ui/dist, so the build must not reference any remote source.
import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

export default defineConfig({
  plugins: [solid()],
  // Tauri serves the files from its own origin; relative asset paths keep
  // them loadable whatever the base URL.
  base: "./",
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: {
    outDir: "dist",
    target: "es2021",
    // Keep everything in external files: the CSP forbids inline scripts.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  test: {
    environment: "jsdom",
    globals: false,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
  },
  resolve: { conditions: ["development", "browser"] },
});
