import { APP_ORIGIN, CONTENT_SECURITY_POLICY, RENDERER_URL } from './protocol';
import type {
  BrowserWindow as BrowserWindowType,
  BrowserWindowConstructorOptions,
  Session,
  Shell,
  WebContents,
} from 'electron';

export { CONTENT_SECURITY_POLICY } from './protocol';

/** The Electron security checklist's settings for the one window OMU Desk opens. */
export function windowOptions(preloadFile: string): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    minWidth: 1000,
    minHeight: 640,
    title: 'OMU Desk',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // A middle click on a link would otherwise open it in a new window (Electron security checklist).
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: true,
    },
  };
}

/** True when `url` is the app's own page (any route after #): the only page a window may show. */
export function isOwnPage(url: string, rendererUrl: string): boolean {
  try {
    const to = new URL(url);
    const ours = new URL(rendererUrl);
    return to.protocol === ours.protocol && to.host === ours.host && to.pathname === ours.pathname;
  } catch {
    return false;
  }
}

/**
 * For every web contents Electron creates (app.on('web-contents-created')): no navigation or redirect away from the
 * app's page, no new windows, no <webview>.
 */
export function hardenContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  rendererUrl: string = RENDERER_URL,
): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnPage(url, rendererUrl)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The app's window: hardened as every web contents is, except that a mail link goes to the mail client (still no window). */
export function hardenWindow(
  win: BrowserWindowType,
  rendererUrl: string,
  shell: Pick<Shell, 'openExternal'>,
): void {
  hardenContents(win.webContents, rendererUrl);
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('mailto:')) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  // Nothing but the app's own scheme (electron/app/protocol.ts): no file:, no network.
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url) });
  });
}

export function isAllowedRequest(url: string): boolean {
  return (
    url.startsWith(`${APP_ORIGIN}/`) ||
    url.startsWith('devtools:') ||
    url.startsWith('blob:') ||
    url.startsWith('data:')
  );
}
