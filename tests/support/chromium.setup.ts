// Global setup of the end-to-end tests: one Chromium for the whole run (a Playwright browser server). Each test file
// connects to it and works in its own browser context (its own cookies, storage and pages), so files share the
// process but no state; launching Chromium once instead of once per file saves its start-up on every file.
import { chromium, type BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared Chromium's Playwright endpoint (chromium.connect). */
    chromiumWs: string;
  }
}

let server: BrowserServer | null = null;

export async function setup(project: TestProject): Promise<void> {
  server = await chromium.launchServer({
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
  project.provide('chromiumWs', server.wsEndpoint());
}

export async function teardown(): Promise<void> {
  await server?.close();
  server = null;
}
