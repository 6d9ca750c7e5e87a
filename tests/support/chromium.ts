// The end-to-end files' Chromium: one per vitest worker, launched by the worker's first end-to-end file and kept for
// the worker's later files (the e2e project shares a worker's modules, `isolate: false` in vitest.config.ts). Each
// file works in its own browser context (its own cookies, storage, cache and pages), so files share the process but
// no state. Before (until 27/11/2026) the run had one Chromium launched as a Playwright browser server in the global
// setup: every call of every file went through it, relayed by vitest's main process over a WebSocket (screenshots
// too, as base64). Playwright kills a browser it launched when its process exits.
import { chromium, type Browser } from 'playwright-core';

let launched: Promise<Browser> | undefined;

/** This worker's Chromium (Debian's, or CHROMIUM_PATH), launched on the first call. */
export function workerChromium(): Promise<Browser> {
  launched ??= chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  return launched;
}
