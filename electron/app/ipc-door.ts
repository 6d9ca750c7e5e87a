import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Router } from '../api/router';
import { isOwnPage } from './window';

export const API_CHANNEL = 'omu:api';

/** Only our own page, loaded from the app's files, may call the API. */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  rendererUrl: string,
): boolean {
  const url = event.senderFrame?.url;
  return !!url && isOwnPage(url, rendererUrl);
}

/** Door 1: every API call arrives on one IPC channel, is checked for its sender, and goes to the router. */
export function registerIpcDoor(ipcMain: Pick<IpcMain, 'handle'>, router: Router, rendererUrl: string): void {
  ipcMain.handle(API_CHANNEL, (event, name: unknown, input: unknown) => {
    if (!isTrustedSender(event, rendererUrl)) {
      return { ok: false, error: { code: 'forbidden', message: 'This window may not use OMU Desk data' } };
    }
    if (typeof name !== 'string')
      return { ok: false, error: { code: 'invalid-input', message: 'Operation name must be text' } };
    return router.handle(name, input);
  });
}
