// `npm run bench`: the UI's benchmarks (bench/), which print figures rather
// than check behaviour, so `npm test` (src/**/*.test.*) does not run them.
// Everything else is the test configuration of vite.config.ts.
import { defineConfig } from "vite";
import viteConfig from "./vite.config";

export default defineConfig({
  ...viteConfig,
  test: { ...viteConfig.test, include: ["bench/**/*.bench.test.{ts,tsx}"] },
});
