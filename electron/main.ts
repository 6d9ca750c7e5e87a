import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import { openApp, type OmuApp } from './app/omu-app';
import { createRouter } from './api/router';
import { loggedError, unexpectedErrorMessage } from './domain/shared/errors';
import { failureMessage } from './api/errors';
import { defaultErrorLogFile, errorLog, type ErrorLog } from './app/error-log';
import { registerIpcDoor } from './app/ipc-door';
import { hardenContents, hardenSession, hardenWindow, windowOptions } from './app/window';
import { handleAppProtocol, registerAppScheme, RENDERER_URL } from './app/protocol';
import { menuTemplate } from './app/menu';
import { electronChooseFolder } from './app/choose-folder';

let omu: OmuApp | null = null;
let mainWindow: BrowserWindow | null = null;

/** The database's log of unexpected failures, once start() knows the database (./app/error-log.ts). */
let failures: ErrorLog | null = null;

/**
 * A failure nothing else caught in this process: Electron's own dialog would show its message and stack, which can
 * carry case data. Logged with a reference instead, and the person told that in plain words.
 */
function unexpected(where: string, e: unknown, { tell = true } = {}): void {
  const reference = failures?.record(where, e);
  console.error(`[omu] ${where}${reference ? ` (${reference})` : ''}: ${loggedError(e)}`);
  if (tell)
    dialog.showErrorBox(
      'OMU Desk',
      reference
        ? `${unexpectedErrorMessage(reference, false)} The log: ${failures!.file}`
        : 'OMU Desk could not start because of a problem of its own.',
    );
}

function start(): void {
  const dbFile = process.env.OMU_DB ?? path.join(app.getPath('userData'), 'omu-desk.sqlite');
  failures = errorLog(defaultErrorLogFile(dbFile));
  try {
    omu = openApp({
      dbFile,
      migrationsFolder: path.join(app.getAppPath(), 'db', 'migrations'),
      dailyBackup: true,
      door: 'app',
      instance: true,
      autoSync: true,
      chooseFolder: electronChooseFolder(dialog, () => mainWindow),
      // integrity_check at opening, and the whole audit chain walked in the background (then daily): a break it
      // finds is said as the start's notices are.
      wholeChecksAtStart: true,
      onNotice: (notice) => {
        if (mainWindow)
          void dialog.showMessageBox(mainWindow, {
            type: 'warning',
            title: 'OMU Desk',
            message: 'OMU Desk found a problem with its database',
            detail: notice,
          });
      },
    });
  } catch (e) {
    // A damaged or busy database in its own words (what to do); anything else without its message (a reference).
    dialog.showErrorBox(
      'OMU Desk cannot open its database',
      failureMessage(e, failures, 'opening the database').message,
    );
    app.quit();
    return;
  }
  // The renderer is served from omu://app/ (not file://), only from the built renderer folder.
  handleAppProtocol(protocol, path.join(app.getAppPath(), 'dist', 'renderer'));
  const rendererUrl = RENDERER_URL;
  hardenSession(session.defaultSession);
  registerIpcDoor(ipcMain, createRouter(omu, 'electron'), rendererUrl);
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(process.platform === 'darwin')));
  // A computer account bound to a member of staff opens signed in as them; anyone else sees the sign-in page.
  void omu.signInByBinding().catch((e) => {
    const reference = failures?.record('sign-in by computer account', e);
    console.error(`[omu] sign-in by computer account failed (${reference}): ${loggedError(e)}`);
  });
  mainWindow = new BrowserWindow(windowOptions(path.join(import.meta.dirname, 'preload.cjs')));
  hardenWindow(mainWindow, rendererUrl, shell);
  mainWindow.once('ready-to-show', () => {
    mainWindow?.show();
    // What the start found (a broken audit chain, leftovers of an interrupted restore), said plainly once.
    if (omu?.notices.length && mainWindow)
      void dialog.showMessageBox(mainWindow, {
        type: 'warning',
        title: 'OMU Desk',
        message: 'OMU Desk found a problem with its database',
        detail: omu.notices.join('\n\n'),
      });
  });
  void mainWindow.loadURL(rendererUrl);
}

// Before the app is ready: the renderer's scheme, and every renderer sandboxed (Electron security checklist).
registerAppScheme(protocol);
app.enableSandbox();
process.on('uncaughtException', (e) => unexpected('main process', e));
// A promise nobody awaited (Electron only warns of one): logged, not put in front of the person (a navigation the
// window gave up, for one, is no failure of theirs).
process.on('unhandledRejection', (e) => unexpected('main process (a promise)', e, { tell: false }));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('web-contents-created', (_e, contents) => hardenContents(contents));
  void app.whenReady().then(start);
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    omu?.close();
  });
}
