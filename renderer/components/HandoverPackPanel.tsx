import { useCallback, useEffect, useState } from 'react';
import { call, errorMessage } from '../api/client';
import type { PackExport } from '../../electron/domain/handover-pack/service';
import { downloadBase64, formatUk } from '../format';
import { Field } from './Field';

/** Export the handover pack (PDF and JSON), see earlier exports, and tick "send the handover report". */
export function HandoverPackPanel({ prisonerNumber }: { prisonerNumber: string }) {
  const [summary, setSummary] = useState('');
  const [exports, setExports] = useState<PackExport[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => call('handoverPack.exports', { prisonerNumber }).then(setExports).catch((e) => setError(errorMessage(e))), [prisonerNumber]);
  useEffect(() => { void load(); }, [load]);
  async function exportPack() {
    try {
      const files = await call('handoverPack.export', { prisonerNumber, summary: summary || null });
      downloadBase64(files.pdf.fileName, files.pdf.base64, files.pdf.mimeType);
      downloadBase64(files.json.fileName, files.json.base64, files.json.mimeType);
      setError(null); setMessage(`Handover pack exported: ${files.pdf.fileName} and ${files.json.fileName}.`);
      await load();
    } catch (e) { setMessage(null); setError(errorMessage(e)); }
  }
  async function tick() {
    try {
      await call('handover.setTask', { prisonerNumber, itemKey: 'send-handover-report', done: true });
      setError(null); setMessage('Handover checklist: "Send the handover report" ticked.');
    } catch (e) { setMessage(null); setError(errorMessage(e)); }
  }
  return (
    <section className="omu-panel" aria-labelledby="pack-heading" data-testid="handover-pack">
      <h2 className="govuk-heading-m" id="pack-heading">Handover pack for the COM</h2>
      {message && <p className="govuk-body" role="status"><strong>{message}</strong></p>}
      {error && <p className="govuk-error-message" role="alert">{error}</p>}
      <Field id="pack-summary" label="What the COM most needs to know" hint="A short summary from the POM, printed on the first page.">
        <textarea className="govuk-textarea" id="pack-summary" rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} />
      </Field>
      <div className="govuk-button-group">
        <button type="button" className="govuk-button" onClick={exportPack}>Export handover pack</button>
        {exports.length > 0 && <button type="button" className="govuk-button govuk-button--secondary" onClick={tick}>Tick "Send the handover report"</button>}
      </div>
      {exports.length === 0 ? <p className="govuk-body">No handover pack exported yet.</p> : (
        <ul className="govuk-list" data-testid="pack-exports">
          {exports.map((x) => <li key={x.pdfSha256 + x.exportedOn}>{formatUk(x.exportedOn)} by {x.exportedBy}: {x.pdfFile} (sha256 {x.pdfSha256.slice(0, 12)}…) and {x.jsonFile}</li>)}
        </ul>
      )}
    </section>
  );
}
