import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions, Session, Shell } from 'electron';

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

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
      spellcheck: true,
    },
  };
}

/** No navigation away from the app, no new windows (mail links go to the mail client), no permissions, and a CSP. */
export function hardenWindow(win: BrowserWindowType, rendererUrl: string, shell: Pick<Shell, 'openExternal'>): void {
  const ownPage = (url: string) => {
    try {
      return new URL(url).pathname === new URL(rendererUrl).pathname;
    } catch {
      return false;
    }
  };
  win.webContents.on('will-navigate', (event, url) => {
    if (!ownPage(url)) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event, url) => {
    if (!ownPage(url)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('mailto:')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = details.url.startsWith('file:') || details.url.startsWith('devtools:') || details.url.startsWith('blob:') || details.url.startsWith('data:');
    callback({ cancel: !allowed });
  });
}
