import { call } from './client';
import { downloadBase64 } from '../format';
import type { PackDelivery } from '../../shared/api';

/**
 * Finishes an export of handover packs, whichever door wrote it: a folder the desktop app wrote is reported; a download
 * is saved by the browser and only then confirmed, which is when the export is recorded. Says exactly what was written,
 * and names each pack that was not, with why.
 */
export async function deliverPacks(
  result: PackDelivery | { kind: 'cancelled' },
): Promise<{ message: string; notWritten: string[] }> {
  if (result.kind === 'cancelled') return { message: 'Nothing was exported.', notWritten: [] };
  const notWritten = result.failed.map((f) => `${f.name} (${f.prisonerNumber}): ${f.reason}`);
  const packs = (n: number) => `${n} handover pack${n === 1 ? '' : 's'}`;
  const names = result.written.map((w) => w.prisonerNumber).join(', ');
  if (result.kind === 'download') {
    downloadBase64(result.file.fileName, result.file.base64, result.file.mimeType);
    await call('handover-pack/confirm-download', { token: result.token });
    return {
      message: `${packs(result.written.length)} written to ${result.file.fileName}: ${names}.`,
      notWritten,
    };
  }
  if (result.kind === 'files') {
    for (const f of result.files) downloadBase64(f.fileName, f.base64, f.mimeType);
    await call('handover-pack/confirm-download', { token: result.token });
    return {
      message: `Handover pack exported: ${result.files.map((f) => f.fileName).join(' and ')}.`,
      notWritten,
    };
  }
  if (result.kind === 'folder')
    return {
      message: `${packs(result.written.length)} written to ${result.where}${names ? `: ${names}` : ''}.`,
      notWritten,
    };
  return { message: 'No handover pack was written.', notWritten };
}
