import type { CallContext, Store } from '../shared/context';
import type { AuditService } from '../audit/service';
import type { Actor } from '../shared/context';
import { requireIdentified } from '../staff/roles';
import { writeTransaction } from '../shared/write';
import { sqliteReader } from '../../core/data';
import { applyInline } from '../../core/inline';
import { importRequestSchema } from './csv-import';
import { decideImport, loadImportStateSync, planImport, type ImportReport } from './import-command';

export type { ImportReport } from './import-command';

/**
 * The caseload import on this workstation's file, at once, for what is not a door: a preview inside a read, and a
 * seed that writes a file's caseload without the command log (the tests' and benches' starting caseloads, as the demo
 * loader writes its synthetic one). Both read and decide through the command's own code (./import-command.ts); every
 * door (the Import page, `omu import caseload`, the browser door) runs the command itself, `caseload/import`,
 * through the runner, which logs it.
 */
export function createCaseloadImportService(store: Store, audit: AuditService) {
  const read = sqliteReader(store.db);
  return {
    /** What the file would do; given who would import it, also what they may not change. */
    preview(fileName: string, text: string, actor: Actor | null = null): ImportReport {
      const input = importRequestSchema.parse({ fileName, csvText: text });
      return planImport(loadImportStateSync(read, input), input, actor).report;
    },

    /** Validates again and, only if the whole file is valid, writes every row in one transaction (not logged: a seed). */
    commit(ctx: CallContext, fileName: string, text: string): ImportReport {
      requireIdentified(ctx.actor, 'import a caseload');
      const input = importRequestSchema.parse({ fileName, csvText: text });
      return writeTransaction(store, ctx, `an import of ${fileName}`, () =>
        applyInline(store, audit, ctx, (c) => decideImport(loadImportStateSync(read, input), input, c)),
      );
    },
  };
}

export type CaseloadImportService = ReturnType<typeof createCaseloadImportService>;
