import path from 'node:path';
import type { BrowserWindow, Dialog } from 'electron';
import { folderWriter, type ChooseFolder } from '../documents/delivery';

/** The desktop app's folder dialog: exports are written into the folder the user picks (a batch into one new folder in it). */
export function electronChooseFolder(
  dialog: Pick<Dialog, 'showOpenDialog'>,
  window: () => BrowserWindow | null,
): ChooseFolder {
  return async (subfolder) => {
    const options = {
      title: 'Choose where to save the export',
      buttonLabel: 'Save here',
      properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[],
    };
    const win = window();
    const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    const folder = picked.canceled ? undefined : picked.filePaths[0];
    if (!folder) return null;
    return folderWriter(subfolder ? path.join(folder, subfolder) : folder);
  };
}
