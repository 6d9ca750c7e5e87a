import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { isTrustedSender, registerIpcDoor, API_CHANNEL } from '../../../electron/app/ipc-door';
import {
  hardenContents,
  hardenWindow,
  isAllowedRequest,
  windowOptions,
  CONTENT_SECURITY_POLICY,
} from '../../../electron/app/window';
import { RENDERER_URL } from '../../../electron/app/protocol';
import type { Router } from '../../../electron/api/router';

const RENDERER = RENDERER_URL;

describe('IPC door (electron mocked)', () => {
  it.each([
    [RENDERER, true],
    [`${RENDERER}#/caseload`, true],
    ['file:///tmp/evil/index.html', false],
    ['file:///index.html', false],
    ['omu://evil/index.html', false],
    ['omu://app/other.html', false],
    ['https://example.org/dist/renderer/index.html', false],
    ['', false],
  ])('sender %s trusted: %s', (url, trusted) => {
    expect(isTrustedSender({ senderFrame: { url } } as never, RENDERER)).toBe(trusted);
  });

  it('refuses calls from other frames and passes ours to the router', () => {
    const handlers = new Map<string, (...args: unknown[]) => unknown>();
    const ipcMain = { handle: (ch: string, fn: (...args: unknown[]) => unknown) => handlers.set(ch, fn) };
    const router = { handle: vi.fn(() => ({ ok: true, value: 42 })) } as unknown as Router;
    registerIpcDoor(ipcMain as never, router, RENDERER);
    const handler = handlers.get(API_CHANNEL)!;
    expect(handler({ senderFrame: { url: 'file:///index.html' } }, 'app/info', {})).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'This window may not use OMU Desk data' },
    });
    expect(router.handle).not.toHaveBeenCalled();
    expect(handler({ senderFrame: { url: RENDERER } }, 'app/info', {})).toEqual({ ok: true, value: 42 });
    expect(router.handle).toHaveBeenCalledWith('app/info', {});
    expect(handler({ senderFrame: { url: RENDERER } }, 7, {})).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
  });
});

describe('window hardening (electron mocked)', () => {
  it('uses the security checklist settings', () => {
    const o = windowOptions('/app/preload.cjs');
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: '/app/preload.cjs',
    });
    expect(o.webPreferences).toMatchObject({
      nodeIntegrationInWorker: false,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("style-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-');
  });

  it("lets the session load nothing but the app's own scheme", () => {
    expect(isAllowedRequest('omu://app/assets/index.js')).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AAAA')).toBe(true);
    for (const url of [
      'file:///etc/passwd',
      'https://example.org/x.js',
      'http://127.0.0.1:9229/',
      'omu://app',
      'omu://apps/x.js',
      'omu://evil/x.js',
    ])
      expect(isAllowedRequest(url), url).toBe(false);
  });

  it('refuses navigation, redirects, new windows and webviews in any web contents', () => {
    const listeners = new Map<string, (...a: unknown[]) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    hardenContents({
      on: (ev: string, fn: (...a: unknown[]) => void) => listeners.set(ev, fn),
      setWindowOpenHandler: (fn: typeof openHandler) => {
        openHandler = fn;
      },
    } as never);
    for (const [event, url] of [
      ['will-navigate', 'file:///etc/passwd'],
      ['will-navigate', 'https://example.org/'],
      ['will-redirect', 'omu://evil/index.html'],
      ['will-attach-webview', ''],
    ] as const) {
      const e = { preventDefault: vi.fn() };
      listeners.get(event)!(e, url);
      expect(e.preventDefault, `${event} ${url}`).toHaveBeenCalled();
    }
    const own = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(own, `${RENDERER_URL}#/caseload`);
    expect(own.preventDefault).not.toHaveBeenCalled();
    expect(openHandler!({ url: 'mailto:a@b.c' })).toEqual({ action: 'deny' });
  });

  it('blocks navigation away, denies new windows and opens mail links in the mail client', () => {
    const listeners = new Map<string, (...a: unknown[]) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const win = {
      webContents: {
        on: (ev: string, fn: (...a: unknown[]) => void) => listeners.set(ev, fn),
        setWindowOpenHandler: (fn: typeof openHandler) => {
          openHandler = fn;
        },
      },
    };
    const shell = { openExternal: vi.fn(async () => undefined) };
    hardenWindow(win as never, RENDERER, shell);
    const away = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(away, 'https://example.org/');
    expect(away.preventDefault).toHaveBeenCalled();
    const within = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(within, `${RENDERER}#/import`);
    expect(within.preventDefault).not.toHaveBeenCalled();
    expect(openHandler!({ url: 'https://example.org' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(openHandler!({ url: 'mailto:com@justice.gov.uk' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('mailto:com@justice.gov.uk');
  });
});
