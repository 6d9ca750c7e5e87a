import crypto from 'node:crypto';
import { z } from 'zod';
import { action, refuse } from '../core/operations';
import { requireIdentified } from '../domain/staff/roles';
import type { AppDeps } from '../core/deps';
import { toApiError } from '../api/errors';
import type { CallContext } from '../domain/shared/context';
import { dueQuerySchema, type PrisonerDue } from '../domain/due/service';
import { DUE_KIND_LABELS, OWNER_ROLE_LABELS } from '../domain/due/types';
import { isoDateSchema } from '../domain/caseload/prisoner';
import { formatUk } from '../domain/shared/dates';
import { overdueSummaryPdf } from './overdue-summary';
import { publicProtectionRegisterPdf } from './public-protection-register';
import { irmtAgendaPdf } from './irmt-agenda';
import { emlDraft, irmtMinutesExtractPdf } from './irmt-minutes';
import { categorisationReviewPdf } from './categorisation-review';
import { releasesPdf } from './releases';
import { handoverPackPdf } from './handover-pack';
import { writeProblem, type FolderWriter } from './delivery';

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  base64: string;
  sha256: string;
}

/** A file an export made: its name, its bytes and what it is, in the words the audit log uses. */
interface MadeFile {
  fileName: string;
  bytes: Buffer;
  what: string;
  mimeType?: string;
}
interface Made {
  prisonerNumber: string | null;
  kind?: 'document' | 'handover-pack';
  files: MadeFile[];
  /** Where the files were written, when OMU Desk wrote them itself (a folder) or knows the download's name. */
  where?: string;
  /** The prisoner's name, as the pack prints it. */
  name?: string;
}

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

/**
 * Records what exports made, through the `documents/record-export` command (after the files exist, never before),
 * and hands the files to the door that saves them. Every export of one call is recorded in one command.
 */
async function recorded({ app }: AppDeps, ctx: CallContext, made: Made[]): Promise<ExportedFile[][]> {
  const hashed = made.map((m) => ({ ...m, files: m.files.map((f) => ({ ...f, sha256: sha256(f.bytes) })) }));
  if (hashed.length) {
    await app.runner.run(
      'documents/record-export',
      {
        exports: hashed.map((m) => ({
          prisonerNumber: m.prisonerNumber,
          kind: m.kind ?? 'document',
          where: m.where ?? null,
          files: m.files.map((f) => ({
            fileName: f.fileName,
            sha256: f.sha256,
            bytes: f.bytes.length,
            what: f.what,
          })),
        })),
      },
      ctx,
    );
  }
  return hashed.map((m) =>
    m.files.map((f) => ({
      fileName: f.fileName,
      mimeType: f.mimeType ?? 'application/pdf',
      base64: f.bytes.toString('base64'),
      sha256: f.sha256,
    })),
  );
}
const recordedOne = async (deps: AppDeps, ctx: CallContext, made: Made) =>
  (await recorded(deps, ctx, [made]))[0]!;

/** The What is due view in words, as the page's heading, scope and filters read: "My work: Anna Patel" or "Whole unit, owner COM". */
function describeDueView({ services }: AppDeps, q: z.output<typeof dueQuerySchema>): string {
  const parts = [q.ownedBy ? `My work: ${q.ownedBy}` : 'Whole unit'];
  if (q.ownerRole) parts.push(`owner ${OWNER_ROLE_LABELS[q.ownerRole]}`);
  if (q.pomId) parts.push(`prisoner's POM ${services.staff.get(q.pomId)?.name ?? 'unknown'}`);
  if (q.pomName) parts.push(`prisoner's POM ${q.pomName}`);
  if (q.kinds.length) parts.push(`kind ${q.kinds.map((k) => DUE_KIND_LABELS[k]).join(', ')}`);
  if (q.prisonerNumber) parts.push(`prisoner ${q.prisonerNumber}`);
  return parts.join(', ');
}

/** One prisoner's handover pack as a PDF and the same model as JSON, one validated model (../domain/handover-pack/model.ts). */
async function makePack(
  { services }: AppDeps,
  ctx: CallContext,
  prisonerNumber: string,
  summary: string | null,
  worked?: ReadonlyMap<string, PrisonerDue>,
): Promise<Made> {
  const pack = services.handoverPacks.build(ctx, prisonerNumber, summary, worked);
  const base = `omu-handover-pack-${pack.prisoner.prisonerNumber}-${ctx.today}`;
  const what = `the handover pack for ${pack.prisoner.prisonerNumber}`;
  return {
    prisonerNumber: pack.prisoner.prisonerNumber,
    kind: 'handover-pack',
    name: pack.prisoner.name,
    files: [
      { fileName: `${base}.pdf`, bytes: await handoverPackPdf(pack), what },
      {
        fileName: `${base}.json`,
        bytes: Buffer.from(`${JSON.stringify(pack, null, 2)}\n`, 'utf8'),
        what: `${what} (JSON, schema version ${pack.schemaVersion})`,
        mimeType: 'application/json',
      },
    ],
  };
}

export interface PackWritten {
  prisonerNumber: string;
  name: string;
  files: string[];
}
export interface PackFailure {
  prisonerNumber: string;
  name: string;
  reason: string;
}
/** What an export of handover packs wrote: a folder, one .zip (or two files) for the browser to save, or nothing. */
export type PackDelivery =
  | { kind: 'folder'; where: string; written: PackWritten[]; failed: PackFailure[] }
  | { kind: 'download'; file: ExportedFile; token: string; written: PackWritten[]; failed: PackFailure[] }
  | { kind: 'files'; files: ExportedFile[]; token: string; written: PackWritten[]; failed: PackFailure[] }
  | { kind: 'nothing'; written: PackWritten[]; failed: PackFailure[] };

const exported = (f: MadeFile): ExportedFile => ({
  fileName: f.fileName,
  mimeType: f.mimeType ?? 'application/pdf',
  base64: f.bytes.toString('base64'),
  sha256: sha256(f.bytes),
});

/** Downloads handed to a browser, recorded when the browser has the file (handoverPack.confirmDownload); forgotten after an hour. */
const pendingDownloads = new Map<string, { actor: string; packs: Made[]; at: number }>();
function holdForDownload(ctx: CallContext, packs: Made[]): string {
  const now = ctx.now.getTime();
  for (const [k, v] of pendingDownloads) if (now - v.at > 3_600_000) pendingDownloads.delete(k);
  const token = crypto.randomBytes(16).toString('hex');
  pendingDownloads.set(token, { actor: ctx.actor.name, packs, at: now });
  return token;
}

/**
 * Writes packs: into a folder when there is one (the desktop app asks for it, the command line names it), each pack
 * recorded as soon as both its files are written; otherwise into one .zip (with a manifest of files and checksums)
 * for the browser to save, recorded when it confirms the download. A pack that cannot be built or written is named
 * with the reason, its other file taken back, and not recorded.
 */
async function writePacks(
  deps: AppDeps,
  ctx: CallContext,
  rows: { prisonerNumber: string; name: string }[],
  make: (prisonerNumber: string) => Promise<Made>,
  writer: FolderWriter | null,
  batchName = '',
): Promise<PackDelivery> {
  const written: PackWritten[] = [];
  const failed: PackFailure[] = [];
  const held: Made[] = [];
  const zip: Record<string, Uint8Array> = {};
  for (const row of rows) {
    let pack: Made;
    try {
      pack = await make(row.prisonerNumber);
    } catch (e) {
      // A refusal in its words; anything else without its message, which can quote the case (a damaged row's text
      // in JSON.parse's), by the reference of its entry in the log.
      const known = toApiError(e);
      failed.push({
        ...row,
        reason: `the pack could not be built: ${known.code === 'internal' ? `a problem of OMU Desk's own (reference ${deps.app.errorLog.record('handover pack', e)})` : known.message}`,
      });
      continue;
    }
    const names = pack.files.map((f) => f.fileName);
    if (writer) {
      const done: string[] = [];
      try {
        for (const f of pack.files) {
          writer.write(f.fileName, f.bytes);
          done.push(f.fileName);
        }
      } catch (e) {
        for (const f of done) writer.remove(f);
        failed.push({ ...row, reason: `not written: ${writeProblem(e)}` });
        continue;
      }
      await recorded(deps, ctx, [{ ...pack, where: writer.where }]);
    } else {
      for (const f of pack.files) zip[`${batchName}/${f.fileName}`] = f.bytes;
      held.push(pack);
    }
    written.push({ ...row, files: names });
  }
  if (writer) return { kind: 'folder', where: writer.where, written, failed };
  if (!held.length) return { kind: 'nothing', written, failed };
  const manifest = {
    marking: 'OFFICIAL-SENSITIVE',
    producedBy: ctx.actor.name,
    producedAt: ctx.now.toISOString(),
    packs: held.map((p) => ({
      prisonerNumber: p.prisonerNumber,
      files: p.files.map((f) => ({ name: f.fileName, sha256: sha256(f.bytes) })),
    })),
    notWritten: failed,
  };
  zip[`${batchName}/manifest.json`] = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const zipName = `${batchName}.zip`;
  // Loaded when a batch is zipped, not with every command-line call (issue 18).
  const { zipSync } = await import('fflate');
  const file = exported({
    fileName: zipName,
    bytes: Buffer.from(zipSync(zip, { level: 6, mtime: ctx.now })),
    what: zipName,
    mimeType: 'application/zip',
  });
  return {
    kind: 'download',
    file,
    token: holdForDownload(
      ctx,
      held.map((p) => ({ ...p, where: zipName })),
    ),
    written,
    failed,
  };
}

/** How many packs' due items a batch works out together (each table read once for them). */
const PACKS_WORKED_TOGETHER = 100;

/** Every pack due in the next `weeks` weeks as one batch: into `writer`'s folder, or one .zip for the browser when there is none. */
export function exportPacks(
  deps: AppDeps,
  ctx: CallContext,
  weeks: number,
  writer: FolderWriter | null,
): Promise<PackDelivery> {
  requireIdentified(ctx.actor, 'export a handover pack');
  const rows = deps.services.handoverPacks
    .due(ctx.today, weeks)
    .map((r) => ({ prisonerNumber: r.prisonerNumber, name: r.name }));
  // The packs' due items worked out a slice of prisoners at a time, one read a table for the slice, not one a pack.
  let worked = new Map<string, PrisonerDue>();
  const make = (n: string) => {
    if (!worked.has(n)) {
      const at = rows.findIndex((r) => r.prisonerNumber === n);
      const slice = rows.slice(at, at + PACKS_WORKED_TOGETHER).map((r) => r.prisonerNumber);
      worked = deps.services.due.forPrisoners(slice, ctx.today);
    }
    return makePack(deps, ctx, n, null, worked);
  };
  return writePacks(deps, ctx, rows, make, writer, `omu-handover-packs-${ctx.today}`);
}

const act = action<AppDeps>();
const prisonerNumber = z.string().trim().toUpperCase().min(1, 'is required');
/** A file's name without a folder: where it goes is the folder chosen (the desktop app's dialog, the command line's path). */
const bareFileName = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(255)
  .refine((n) => !/[\\/]/.test(n) && n !== '.' && n !== '..', 'must be a file name, not a path');
const weeks = (max: number, fallback: number) =>
  z.object({ weeks: z.number().int().min(1).max(max).default(fallback) });

/**
 * Documents the user asks for: each built here from one model, marked OFFICIAL-SENSITIVE, handed to the door that
 * saves it, and recorded (files, checksums, who, when) by a command once made. Making a file changes no case data.
 */
export const documentActions = {
  /** The What is due page's summary for the same view as the screen (same query, same counting). */
  'due/overdue-summary-pdf': act({
    input: dueQuerySchema,
    allow: 'signed-in',
    action: 'export a summary',
    async run(deps, q, ctx) {
      const view = describeDueView(deps, q);
      const pdf = await overdueSummaryPdf(deps.services.due.summary(ctx.today, q), {
        today: ctx.today,
        view,
        withinDays: q.within ?? null,
        producedBy: ctx.actor.name,
        producedAt: ctx.now,
      });
      return (
        await recordedOne(deps, ctx, {
          prisonerNumber: null,
          files: [
            {
              fileName: `omu-what-is-due-${ctx.today}.pdf`,
              bytes: pdf,
              what: `the What is due summary (${view})`,
            },
          ],
        })
      )[0]!;
    },
  }),

  'public-protection/register-pdf': act({
    input: z.lazy(() => z.object({}).default({})),
    allow: 'signed-in',
    action: 'export the public protection register',
    async run(deps, _input, ctx) {
      const items = deps.services.due.list(ctx.today, {
        kinds: ['pp-assessment', 'monitoring-review', 'monitoring-decision'],
      });
      const pdf = await publicProtectionRegisterPdf(deps.services.publicProtection.register(), items, {
        today: ctx.today,
        producedBy: ctx.actor.name,
        producedAt: ctx.now,
      });
      return (
        await recordedOne(deps, ctx, {
          prisonerNumber: null,
          files: [
            {
              fileName: `omu-public-protection-register-${ctx.today}.pdf`,
              bytes: pdf,
              what: 'the public protection register',
            },
          ],
        })
      )[0]!;
    },
  }),

  'irmt/agenda-pdf': act({
    input: z.lazy(() => z.object({ meetingDate: isoDateSchema })),
    allow: 'signed-in',
    action: 'print an IRMT agenda',
    async run(deps, { meetingDate }, ctx) {
      const agenda = deps.services.irmt.agenda(meetingDate);
      const pdf = await irmtAgendaPdf(meetingDate, agenda.meeting, agenda.items, agenda.basis, {
        producedBy: ctx.actor.name,
        producedAt: ctx.now,
      });
      return (
        await recordedOne(deps, ctx, {
          prisonerNumber: null,
          files: [
            {
              fileName: `omu-irmt-agenda-${meetingDate}.pdf`,
              bytes: pdf,
              what: `the IRMT agenda for ${meetingDate}`,
            },
          ],
        })
      )[0]!;
    },
  }),

  /** The minutes extract for one prisoner as a PDF, and an e-mail draft to each recipient with it attached. */
  'irmt/extract-files': act({
    input: z.lazy(() => z.object({ meetingId: z.string().min(1, 'is required'), prisonerNumber })),
    allow: 'signed-in',
    action: 'export IRMT minutes',
    async run(deps, input, ctx) {
      const x = deps.services.irmt.extract(input.meetingId, input.prisonerNumber);
      const bytes = await irmtMinutesExtractPdf(x, { producedBy: ctx.actor.name, producedAt: ctx.now });
      const base = `omu-irmt-${x.meeting.meetingDate}-${x.prisoner.prisonerNumber}`;
      const subject = `OFFICIAL-SENSITIVE: IRMT minutes ${formatUk(x.meeting.meetingDate)}: ${x.prisoner.name} ${x.prisoner.prisonerNumber}`;
      const drafts = x.recipients.map((r): MadeFile => {
        const body = `Dear ${r.name},\n\nPlease find attached the extract of the inter-departmental risk management team minutes of ${formatUk(x.meeting.meetingDate)} (${x.meeting.startTime}, ${x.meeting.place}) about ${x.prisoner.name} (${x.prisoner.prisonerNumber}). It concerns this prisoner only.\n\nThis e-mail and its attachment are OFFICIAL-SENSITIVE.\n\n${ctx.actor.name}\nOffender management unit`;
        const eml = Buffer.from(
          emlDraft(r, subject, body, { fileName: `${base}.pdf`, bytes }, sha256(bytes).slice(0, 24)),
          'utf8',
        );
        return {
          fileName: `${base}-to-${r.recipient.toLowerCase()}.eml`,
          bytes: eml,
          what: `an e-mail draft to ${r.recipient} <${r.email}>`,
          mimeType: 'message/rfc822',
        };
      });
      const [pdf, ...emls] = await recordedOne(deps, ctx, {
        prisonerNumber: x.prisoner.prisonerNumber,
        files: [
          {
            fileName: `${base}.pdf`,
            bytes,
            what: `the IRMT minutes extract for ${x.prisoner.prisonerNumber}`,
          },
          ...drafts,
        ],
      });
      return { pdf: pdf!, drafts: emls };
    },
  }),

  /** A categorisation review as a PDF: the latest for the prisoner unless one is named. */
  'categorisation/review-pdf': act({
    input: z.lazy(() => z.object({ prisonerNumber, reviewId: z.string().optional() })),
    allow: 'signed-in',
    action: 'export a categorisation review',
    async run(deps, { prisonerNumber: number, reviewId }, ctx) {
      const view = deps.services.categorisation.view(number, ctx.today);
      const r = reviewId ? view.reviews.find((x) => x.id === reviewId) : view.reviews.at(-1);
      if (!r)
        refuse(
          'not-found',
          `${view.prisonerNumber} has no categorisation review${reviewId ? ` ${reviewId}` : ''}`,
        );
      const pdf = await categorisationReviewPdf(view, r, { producedBy: ctx.actor.name, producedAt: ctx.now });
      const what = `the categorisation review of ${formatUk(r.startedOn)} for ${view.prisonerNumber}`;
      return (
        await recordedOne(deps, ctx, {
          prisonerNumber: view.prisonerNumber,
          files: [
            { fileName: `omu-categorisation-${view.prisonerNumber}-${r.startedOn}.pdf`, bytes: pdf, what },
          ],
        })
      )[0]!;
    },
  }),

  'release-planning/releases-pdf': act({
    input: weeks(104, 26),
    allow: 'signed-in',
    action: 'export the releases list',
    async run(deps, { weeks: n }, ctx) {
      const pdf = await releasesPdf(deps.services.due.releases(ctx.today, n), {
        today: ctx.today,
        weeks: n,
        producedBy: ctx.actor.name,
        producedAt: ctx.now,
      });
      return (
        await recordedOne(deps, ctx, {
          prisonerNumber: null,
          files: [
            {
              fileName: `omu-releases-${ctx.today}-${n}-weeks.pdf`,
              bytes: pdf,
              what: `the releases in the next ${n} weeks`,
            },
          ],
        })
      )[0]!;
    },
  }),

  /**
   * One prisoner's pack: into the folder the desktop app asks for (the command line names it), else as two downloads
   * recorded once the browser confirms them. `fileNames` names the two files (the command line's --out and --json).
   */
  'handover-pack/export': act({
    input: z.lazy(() =>
      z.object({
        prisonerNumber,
        summary: z.string().trim().max(4000).nullable().default(null),
        fileNames: z
          .object({ pdf: bareFileName, json: bareFileName })
          .refine((f) => f.pdf !== f.json, {
            message: 'must differ for the PDF and the JSON',
            path: ['json'],
          })
          .optional(),
      }),
    ),
    allow: 'signed-in',
    action: 'export a handover pack',
    async run(deps, input, ctx): Promise<PackDelivery | { kind: 'cancelled' }> {
      const made = await makePack(deps, ctx, input.prisonerNumber, input.summary);
      const names = input.fileNames;
      const pack = names
        ? { ...made, files: made.files.map((f, i) => ({ ...f, fileName: i === 0 ? names.pdf : names.json })) }
        : made;
      const choose = deps.app.chooseFolder;
      if (choose) {
        const writer = await choose(null);
        if (!writer) return { kind: 'cancelled' };
        return writePacks(
          deps,
          ctx,
          [{ prisonerNumber: pack.prisonerNumber!, name: pack.name! }],
          async () => pack,
          writer,
        );
      }
      const files = pack.files.map(exported);
      return {
        kind: 'files',
        files,
        token: holdForDownload(ctx, [{ ...pack, where: "the browser's downloads" }]),
        written: [
          { prisonerNumber: pack.prisonerNumber!, name: pack.name!, files: files.map((f) => f.fileName) },
        ],
        failed: [],
      };
    },
  }),

  /**
   * Every pack due (handover in the next `weeks` weeks, none sent yet) as one batch: one new folder (the desktop
   * app asks where) or one .zip with a manifest for the browser. Says exactly what was written and names each pack
   * that could not be built or written; such a pack is not recorded and stays due.
   */
  'handover-pack/export-due': act({
    input: weeks(52, 8),
    allow: 'signed-in',
    action: 'export a handover pack',
    async run(deps, { weeks: n }, ctx): Promise<PackDelivery | { kind: 'cancelled' }> {
      const batchName = `omu-handover-packs-${ctx.today}`;
      const choose = deps.app.chooseFolder;
      const writer = choose ? await choose(batchName) : null;
      if (choose && !writer) return { kind: 'cancelled' };
      return exportPacks(deps, ctx, n, writer);
    },
  }),

  /** The browser has the download: record what it held (nothing is recorded before). */
  'handover-pack/confirm-download': act({
    input: z.lazy(() => z.object({ token: z.string().min(1, 'is required') })),
    allow: 'signed-in',
    action: 'export a handover pack',
    async run(deps, { token }, ctx) {
      const held = pendingDownloads.get(token);
      if (!held || held.actor !== ctx.actor.name)
        refuse('not-found', 'That download is no longer waiting to be recorded: export it again', 'token');
      pendingDownloads.delete(token);
      await recorded(deps, ctx, held.packs);
      return { recorded: held.packs.map((p) => p.prisonerNumber!) };
    },
  }),
};
