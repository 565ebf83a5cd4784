/**
 * The one backend double for the UI tests: a map from command name to what it
 * answers, recorded calls in order, and a failure for any command a test did
 * not expect, so a screen that starts calling something new fails loudly
 * instead of getting `undefined`.
 */
import { mockIPC } from "@tauri-apps/api/mocks";
import type { Command } from "../ipc";

/** Arguments as `ipc.ts` sent them (camelCase names); `{}` when it sent none. */
export type Args = Record<string, unknown>;

/**
 * Answers one command. It may return a value or a promise of one, or `throw` a
 * WarrantError-shaped `{ code, message, field? }` to play a refusal. Keep state
 * that later calls should see in variables the handler closes over.
 */
export type Handler = (args: Args) => unknown;

export type Handlers = Partial<Record<Command, Handler>>;

/** One recorded call, in the order the UI made them. */
export type Call = [cmd: string, args: Args];

/**
 * Installs `handlers` as the backend and returns the live list of calls.
 * Set `events` when the screen listens for backend events (dry-run and
 * worksheet progress): Tauri's event mock then answers `listen`/`emit`.
 */
export function mockApp(handlers: Handlers, options: { events?: boolean } = {}): Call[] {
  const calls: Call[] = [];
  mockIPC(
    (cmd, payload) => {
      const args = (payload ?? {}) as Args;
      calls.push([cmd, args]);
      const handler = handlers[cmd as Command];
      if (!handler) throw { code: "internal", message: `unexpected ${cmd}` };
      return handler(args);
    },
    { shouldMockEvents: options.events ?? false },
  );
  return calls;
}
