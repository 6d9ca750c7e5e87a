import crypto from 'node:crypto';
import type { CallContext } from '../domain/shared/context';
import type { AuditService } from '../domain/audit/service';
import type { DueService } from '../domain/due/service';
import { requireIdentified } from '../domain/staff/roles';
import { overdueSummaryPdf } from './overdue-summary';
import { publicProtectionRegisterPdf } from './public-protection-register';
import type { PublicProtectionService } from '../domain/public-protection/service';
import type { IrmtService } from '../domain/irmt/service';
import { irmtAgendaPdf } from './irmt-agenda';

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  base64: string;
  sha256: string;
}

/** Documents the user asks for: built here, marked OFFICIAL-SENSITIVE, and each export recorded in the audit log. */
export function createDocumentsService(audit: AuditService, due: DueService, publicProtection: PublicProtectionService, irmt: IrmtService) {
  function recorded(ctx: CallContext, fileName: string, bytes: Buffer, what: string, prisonerId?: string): ExportedFile {
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    audit.record(ctx, { action: 'export', entity: 'document', prisonerId: prisonerId ?? null, summary: `Exported ${what} as ${fileName} (OFFICIAL-SENSITIVE, sha256 ${sha256.slice(0, 16)}…)`, after: { fileName, sha256, bytes: bytes.length } });
    return { fileName, mimeType: 'application/pdf', base64: bytes.toString('base64'), sha256 };
  }
  return {
    async overdueSummary(ctx: CallContext): Promise<ExportedFile> {
      requireIdentified(ctx.actor, 'export a summary');
      const items = due.list(ctx.today, { within: 14 });
      const pdf = await overdueSummaryPdf(items, { today: ctx.today, producedBy: ctx.actor.name, producedAt: ctx.now });
      return recorded(ctx, `omu-overdue-by-pom-${ctx.today}.pdf`, pdf, 'the overdue work summary');
    },
    async irmtAgenda(ctx: CallContext, meetingDate: string): Promise<ExportedFile> {
      requireIdentified(ctx.actor, 'print an IRMT agenda');
      const agenda = irmt.agenda(meetingDate);
      const pdf = await irmtAgendaPdf(meetingDate, agenda.meeting, agenda.items, agenda.basis, { producedBy: ctx.actor.name, producedAt: ctx.now });
      return recorded(ctx, `omu-irmt-agenda-${meetingDate}.pdf`, pdf, `the IRMT agenda for ${meetingDate}`);
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
