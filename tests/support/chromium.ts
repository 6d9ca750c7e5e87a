// The end-to-end files' Chromium: one per vitest worker, launched by the worker's first end-to-end file and kept for
// the worker's later files (the e2e project shares a worker's modules, `isolate: false` in vitest.config.ts). Each
// file works in its own browser context (its own cookies, storage, cache and pages), so files share the process but
// no state. Before (until 27/11/2026) the run had one Chromium launched as a Playwright browser server in the global
// setup: every call of every file went through it, relayed by vitest's main process over a WebSocket (screenshots
// too, as base64). Playwright kills a browser it launched when its process exits.
//
// The browser is Debian's `chromium-headless-shell` (Chromium's own headless build of the same version: the same
// Blink and V8, without the desktop browser around them; Playwright's own default for headless runs) when it is
// there, else the full `chromium` in its headless mode. The same end-to-end work costs the full browser two to three
// times the CPU (27/11/2026, a new context, sign-in and five pages, interleaved at load 11-12: 15.2 and 17.0 against
// 6.4 CPU-seconds; docs/testing.md), mostly in each renderer's main thread. CHROMIUM_PATH chooses another.
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's headless shell (package chromium-headless-shell), the executable itself (its /usr/bin script only runs it). */
export const HEADLESS_SHELL = '/usr/lib/chromium/chromium-headless-shell';

let launched: Promise<Browser> | undefined;

/** The executable the end-to-end files run: CHROMIUM_PATH, else the headless shell, else Debian's full Chromium. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? (fs.existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');
}

/** This worker's Chromium (chromiumPath()), launched on the first call. */
export function workerChromium(): Promise<Browser> {
  launched ??= chromium.launch({
    executablePath: chromiumPath(),
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
