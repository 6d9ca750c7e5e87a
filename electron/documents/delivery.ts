import fs from 'node:fs';
import path from 'node:path';

/** A folder the user chose (the desktop app) or named (the command line) that export files are written into. */
export interface FolderWriter {
  /** The folder, as the user will find it. */
  where: string;
  /** Writes one file whole, or throws and leaves nothing under its name. */
  write(fileName: string, bytes: Buffer): void;
  /** Takes back a file this writer wrote (the other half of a pack that could not be written whole). */
  remove(fileName: string): void;
}

/** Asks where to write (a folder dialog in the desktop app), into a new `subfolder` of it when one is named; null when the user cancels. */
export type ChooseFolder = (subfolder: string | null) => Promise<FolderWriter | null>;

/** Writes into `dir` (made if missing): each file first under a temporary name, then renamed, so a half-written file never looks finished. */
export function folderWriter(dir: string): FolderWriter {
  const where = path.resolve(dir);
  return {
    where,
    write(fileName, bytes) {
      fs.mkdirSync(where, { recursive: true });
      const file = path.join(where, fileName);
      const partial = `${file}.partial`;
      try {
        fs.writeFileSync(partial, bytes);
        fs.renameSync(partial, file);
      } catch (e) {
        fs.rmSync(partial, { force: true });
        throw e;
      }
    },
    remove(fileName) {
      fs.rmSync(path.join(where, fileName), { force: true });
    },
  };
}

/** Why a file could not be written, in words for the user. */
export function writeProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'EISDIR') return 'a folder of that name is in the way';
  if (code === 'EACCES' || code === 'EPERM') return 'OMU Desk may not write there';
  if (code === 'ENOSPC') return 'the disk is full';
  return e instanceof Error ? e.message : String(e);
}
