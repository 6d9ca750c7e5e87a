import { z } from 'zod';
import { handoverPackExports, prisoners } from '../../db/schema';
import { Changes, command, refuse } from '../core/operations';

/** A record of files exported (what the export buttons send). */
const EXPORT_LABELS = {
  exports: 'Exported files',
  files: 'Files',
  kind: 'Document',
  prisonerNumber: 'Prisoner number',
  fileName: 'File name',
  sha256: 'Checksum',
};

const exportedFile = z.object({
  fileName: z.string().trim().min(1, 'is required').max(255),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be the file's SHA-256 in hexadecimal"),
  bytes: z.number().int().min(0),
  /** The document in words, as the audit log names it ("the IRMT agenda for 2026-12-01"). */
  what: z.string().trim().min(1, 'is required').max(500),
});

const exportRecord = z.object({
  /** The prisoner the files concern, when they concern one. */
  prisonerNumber: z.string().trim().toUpperCase().min(1).nullable().default(null),
  /** A handover pack is a PDF and a JSON file of one model, and is kept on the prisoner's record as well as in the audit log. */
  kind: z.enum(['document', 'handover-pack']).default('document'),
  files: z.array(exportedFile).min(1).max(50),
  /** Where the files were written (the folder, or the .zip the browser saved), when that is known. */
  where: z.string().trim().min(1).max(1000).nullable().default(null),
});

/**
 * What an export wrote, recorded after the files were made: an audit entry per file (name, SHA-256, size, who and
 * when), and for a handover pack the export on the prisoner's record. Making the files is a local action
 * (./actions.ts); this record is case data, so it replays and reaches the unit server.
 */
export const documentCommands = {
  'documents/record-export': command({
    input: z.lazy(() => z.object({ exports: z.array(exportRecord).min(1).max(5000) })),
    allow: 'signed-in',
    action: 'export a document',
    labels: EXPORT_LABELS,
    async load(read, input) {
      const numbers = [
        ...new Set(input.exports.map((e) => e.prisonerNumber).filter((n): n is string => !!n)),
      ];
      const rows = numbers.length ? await read.all(prisoners, { prisonerNumber: numbers }) : [];
      return new Map(rows.map((p) => [p.prisonerNumber, p.id]));
    },
    decide(prisonerIds, input, ctx) {
      const changes = new Changes(ctx);
      for (const e of input.exports) {
        const prisonerId = e.prisonerNumber ? prisonerIds.get(e.prisonerNumber) : null;
        if (prisonerId === undefined)
          refuse('not-found', `${e.prisonerNumber} is not on the caseload`, 'prisonerNumber');
        if (e.kind === 'handover-pack') {
          const pdf = e.files.find((f) => /\.pdf$/i.test(f.fileName));
          const json = e.files.find((f) => /\.json$/i.test(f.fileName));
          if (!prisonerId || !pdf || !json || e.files.length !== 2)
            refuse('invalid-input', "a handover pack is one prisoner's PDF and JSON file", 'files');
          changes.insert(handoverPackExports, {
            prisonerId,
            exportedOn: ctx.today,
            exportedBy: ctx.actor.name,
            pdfFile: pdf.fileName,
            pdfSha256: pdf.sha256,
            jsonFile: json.fileName,
            jsonSha256: json.sha256,
          });
        }
        for (const f of e.files) {
          changes.record({
            action: 'export',
            entity: 'document',
            prisonerId,
            summary: `Exported ${f.what} as ${f.fileName}${e.where ? ` to ${e.where}` : ''} (OFFICIAL-SENSITIVE, sha256 ${f.sha256.slice(0, 16)}…)`,
            after: {
              fileName: f.fileName,
              sha256: f.sha256,
              bytes: f.bytes,
              ...(e.where ? { where: e.where } : {}),
            },
          });
        }
      }
      return changes.done({ files: input.exports.reduce((n, e) => n + e.files.length, 0) });
    },
  }),
};
