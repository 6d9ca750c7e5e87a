export { formatUk, formatLong, formatTimestampUk, parseDate, daysBetween } from '../shared/dates';
import { RISK_LABELS, type RiskLevel } from '../shared/caseload';

export const riskLabel = (r: RiskLevel | null | undefined) => (r ? RISK_LABELS[r] : 'Not recorded');

export const fullName = (p: { surname: string; forenames: string }) =>
  `${p.surname.toUpperCase()}, ${p.forenames}`;

export function mappaLabel(category: number | null, level: number | null): string {
  if (!category) return level ? `Level ${level}` : 'Not MAPPA';
  return `Cat ${category} / ${level ? `Level ${level}` : 'level not set'}`;
}

/**
 * A prisoner's MAPPA as his record holds it, in words: a level of none (0) is MAPPA known not to apply; neither a
 * category nor a level is not known yet (the caseload CSV's blank), which the due list asks to have confirmed.
 */
export function mappaText(category: number | null, level: number | null): string {
  if (category) return `Category ${category}, ${level ? `level ${level}` : 'level not set'}`;
  if (level) return `Level ${level}`;
  return level === 0 ? 'None (MAPPA does not apply)' : 'Not known yet: no MAPPA category or level recorded';
}

function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Saves text the user asked for (a CSV template) through the browser's download. */
export function downloadText(fileName: string, text: string, type = 'text/csv'): void {
  downloadBlob(fileName, new Blob([text], { type }));
}

/** Saves a file the user asked for (a PDF export) through the browser's download. */
export function downloadBase64(fileName: string, base64: string, type: string): void {
  downloadBlob(fileName, new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type }));
}
