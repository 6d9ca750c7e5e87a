import crypto from 'node:crypto';
import type { CallContext } from '../domain/shared/context';
import type { AuditService } from '../domain/audit/service';
import { dueQuerySchema, type DueQuery, type DueService } from '../domain/due/service';
import { DUE_KIND_LABELS, OWNER_ROLE_LABELS, summariseDue } from '../domain/due/types';
import { requireIdentified } from '../domain/staff/roles';
import { overdueSummaryPdf } from './overdue-summary';
import { publicProtectionRegisterPdf } from './public-protection-register';
import type { PublicProtectionService } from '../domain/public-protection/service';
import type { IrmtService } from '../domain/irmt/service';
import { irmtAgendaPdf } from './irmt-agenda';
import { emlDraft, irmtMinutesExtractPdf } from './irmt-minutes';
import { formatUk } from '../domain/shared/dates';
import { AppError } from '../domain/shared/errors';
import type { CategorisationService } from '../domain/categorisation/service';
import { categorisationReviewPdf } from './categorisation-review';
import { releasesPdf } from './releases';
import { handoverPackPdf } from './handover-pack';
import type { HandoverPackService } from '../domain/handover-pack/service';
import type { Store } from '../domain/shared/context';
import { writeTransaction } from '../domain/shared/write';

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  base64: string;
  sha256: string;
}

/** Documents the user asks for: built here, marked OFFICIAL-SENSITIVE, and each export recorded in the audit log. */
export function createDocumentsService(store: Store, audit: AuditService, due: DueService, publicProtection: PublicProtectionService, irmt: IrmtService, categorisation: CategorisationService, packs: HandoverPackService) {
  function recorded(ctx: CallContext, fileName: string, bytes: Buffer, what: string, prisonerId?: string, mimeType = 'application/pdf'): ExportedFile {
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    audit.record(ctx, { action: 'export', entity: 'document', prisonerId: prisonerId ?? null, summary: `Exported ${what} as ${fileName} (OFFICIAL-SENSITIVE, sha256 ${sha256.slice(0, 16)}…)`, after: { fileName, sha256, bytes: bytes.length } });
    return { fileName, mimeType, base64: bytes.toString('base64'), sha256 };
  }
  /** The view in words, as the page's heading, scope and filters read: "My work: Anna Patel" or "Whole unit, owner COM". */
  function describeDueView(q: ReturnType<typeof dueQuerySchema.parse>): string {
    const parts = [q.ownedBy ? `My work: ${q.ownedBy}` : 'Whole unit'];
    if (q.ownerRole) parts.push(`owner ${OWNER_ROLE_LABELS[q.ownerRole]}`);
    if (q.pomId) parts.push(`prisoner's POM ${(store.sqlite.prepare('SELECT name FROM staff WHERE id = ?').pluck().get(q.pomId) as string | undefined) ?? 'unknown'}`);
    if (q.pomName) parts.push(`prisoner's POM ${q.pomName}`);
    if (q.kinds.length) parts.push(`kind ${q.kinds.map((k) => DUE_KIND_LABELS[k]).join(', ')}`);
    if (q.prisonerNumber) parts.push(`prisoner ${q.prisonerNumber}`);
    return parts.join(', ');
  }
  /** One prisoner's pack as a PDF and the same model as JSON, recorded as one export (files, checksums, who, when). */
  async function handoverPack(ctx: CallContext, prisonerNumber: string, summary: string | null): Promise<{ pdf: ExportedFile; json: ExportedFile }> {
    requireIdentified(ctx.actor, 'export a handover pack');
    const pack = packs.build(ctx, prisonerNumber, summary);
    const pdfBytes = await handoverPackPdf(pack);
    const jsonBytes = Buffer.from(`${JSON.stringify(pack, null, 2)}\n`, 'utf8');
    const base = `omu-handover-pack-${pack.prisoner.prisonerNumber}-${ctx.today}`;
    return writeTransaction(store, ctx, 'a handover pack export', () => {
      const prisonerId = store.sqlite.prepare('SELECT id FROM prisoners WHERE prisoner_number = ?').pluck().get(pack.prisoner.prisonerNumber) as string;
      const pdf = recorded(ctx, `${base}.pdf`, pdfBytes, `the handover pack for ${pack.prisoner.prisonerNumber}`, prisonerId);
      const json = recorded(ctx, `${base}.json`, jsonBytes, `the handover pack for ${pack.prisoner.prisonerNumber} (JSON, schema version ${pack.schemaVersion})`, prisonerId, 'application/json');
      packs.recordExport(ctx, prisonerId, { pdfFile: pdf.fileName, pdfSha256: pdf.sha256, jsonFile: json.fileName, jsonSha256: json.sha256 });
      return { pdf, json };
    });
  }

  return {
    handoverPack,
    /** Every pack due (handover in the next `weeks` weeks, none sent yet), one after another. */
    async handoverPacks(ctx: CallContext, weeks: number): Promise<{ prisonerNumber: string; pdf: ExportedFile; json: ExportedFile }[]> {
      const out = [];
      for (const row of packs.due(ctx.today, weeks)) out.push({ prisonerNumber: row.prisonerNumber, ...(await handoverPack(ctx, row.prisonerNumber, null)) });
      return out;
    },
    /** The What is due page's summary for the same view as the screen (same query, same counting). */
    async overdueSummary(ctx: CallContext, query: DueQuery = { within: 56 }): Promise<ExportedFile> {
      requireIdentified(ctx.actor, 'export a summary');
      const q = dueQuerySchema.parse(query);
      const items = due.list(ctx.today, q);
      const pdf = await overdueSummaryPdf(summariseDue(items), { today: ctx.today, view: describeDueView(q), withinDays: q.within ?? null, producedBy: ctx.actor.name, producedAt: ctx.now });
      return recorded(ctx, `omu-what-is-due-${ctx.today}.pdf`, pdf, `the What is due summary (${describeDueView(q)})`);
    },
    async irmtAgenda(ctx: CallContext, meetingDate: string): Promise<ExportedFile> {
      requireIdentified(ctx.actor, 'print an IRMT agenda');
      const agenda = irmt.agenda(meetingDate);
      const pdf = await irmtAgendaPdf(meetingDate, agenda.meeting, agenda.items, agenda.basis, { producedBy: ctx.actor.name, producedAt: ctx.now });
      return recorded(ctx, `omu-irmt-agenda-${meetingDate}.pdf`, pdf, `the IRMT agenda for ${meetingDate}`);
    },
    /** The minutes extract for one prisoner as a PDF, and an e-mail draft to each recipient with it attached. */
    async irmtMinutesExtract(ctx: CallContext, meetingId: string, prisonerNumber: string): Promise<{ pdf: ExportedFile; drafts: ExportedFile[] }> {
      requireIdentified(ctx.actor, 'export IRMT minutes');
      const x = irmt.extract(meetingId, prisonerNumber);
      const bytes = await irmtMinutesExtractPdf(x, { producedBy: ctx.actor.name, producedAt: ctx.now });
      const base = `omu-irmt-${x.meeting.meetingDate}-${x.prisoner.prisonerNumber}`;
      const prisonerId = x.prisoner.id;
      const pdf = recorded(ctx, `${base}.pdf`, bytes, `the IRMT minutes extract for ${x.prisoner.prisonerNumber}`, prisonerId);
      const subject = `OFFICIAL-SENSITIVE: IRMT minutes ${formatUk(x.meeting.meetingDate)}: ${x.prisoner.name} ${x.prisoner.prisonerNumber}`;
      const drafts = x.recipients.map((r) => {
        const body = `Dear ${r.name},\n\nPlease find attached the extract of the inter-departmental risk management team minutes of ${formatUk(x.meeting.meetingDate)} about ${x.prisoner.name} (${x.prisoner.prisonerNumber}). It concerns this prisoner only.\n\nThis e-mail and its attachment are OFFICIAL-SENSITIVE.\n\n${ctx.actor.name}\nOffender management unit`;
        const eml = Buffer.from(emlDraft(r, subject, body, { fileName: `${base}.pdf`, bytes }, pdf.sha256.slice(0, 24)), 'utf8');
        return recorded(ctx, `${base}-to-${r.recipient.toLowerCase()}.eml`, eml, `an e-mail draft to ${r.recipient} <${r.email}>`, prisonerId, 'message/rfc822');
      });
      return { pdf, drafts };
    },
    /** A categorisation review as a PDF: the latest for the prisoner unless one is named. */
    async categorisationReview(ctx: CallContext, prisonerNumber: string, reviewId?: string): Promise<ExportedFile> {
      requireIdentified(ctx.actor, 'export a categorisation review');
      const view = categorisation.view(prisonerNumber, ctx.today);
      const r = reviewId ? view.reviews.find((x) => x.id === reviewId) : view.reviews.at(-1);
      if (!r) throw new AppError('not-found', `${view.prisonerNumber} has no categorisation review${reviewId ? ` ${reviewId}` : ''}`);
      const pdf = await categorisationReviewPdf(view, r, { producedBy: ctx.actor.name, producedAt: ctx.now });
      const prisonerId = categorisation.review(r.id).prisonerId;
      return recorded(ctx, `omu-categorisation-${view.prisonerNumber}-${r.startedOn}.pdf`, pdf, `the categorisation review of ${formatUk(r.startedOn)} for ${view.prisonerNumber}`, prisonerId);
    },
    async releases(ctx: CallContext, weeks: number): Promise<ExportedFile> {
      requireIdentified(ctx.actor, 'export the releases list');
      const pdf = await releasesPdf(due.releases(ctx.today, weeks), { today: ctx.today, weeks, producedBy: ctx.actor.name, producedAt: ctx.now });
      return recorded(ctx, `omu-releases-${ctx.today}-${weeks}-weeks.pdf`, pdf, `the releases in the next ${weeks} weeks`);
    },
    async publicProtectionRegister(ctx: CallContext): Promise<ExportedFile> {
      requireIdentified(ctx.actor, 'export the public protection register');
      const items = due.list(ctx.today, { kinds: ['pp-assessment', 'monitoring-review', 'monitoring-decision'] });
      const pdf = await publicProtectionRegisterPdf(publicProtection.register(), items, { today: ctx.today, producedBy: ctx.actor.name, producedAt: ctx.now });
      return recorded(ctx, `omu-public-protection-register-${ctx.today}.pdf`, pdf, 'the public protection register');
    },
  };
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;
