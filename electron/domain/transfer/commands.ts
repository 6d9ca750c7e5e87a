import { z } from 'zod';
import { prisoners } from '../../../db/schema';
import type { Reader } from '../../core/data';
import { Changes, command, refuse, type Handoff } from '../../core/operations';
import { caseTables, type AnyTable, type TableInfo } from '../../core/tables';
import { loadPrisoner, prisonerNumber } from '../caseload/load';
import { formatUk, isIsoDate } from '../shared/dates';

/** The transfer panel on the prisoner page (renderer/components/TransferPanel.tsx). */
const TRANSFER_LABELS = {
  prisonerNumber: 'Prisoner number',
  toPrison: 'Receiving prison code',
  on: 'Date of transfer',
};

/**
 * A transfer between prisons served by one unit server. The sending prison records it; the prisoner's record
 * (his facts, public protection status, monitoring, OASys, categorisation, release plan and handover work) leaves
 * its caseload and the server gives it to the receiving prison, which must confirm monitoring (public-protection
 * rules: an arrival with a status) and review OASys (a transfer-in event). IRMT records stay with the meeting
 * that made them (they are the sending prison's minutes) and are removed with him; the audit keeps them.
 */

/** Tables whose rows are records of a meeting, not of the prisoner: they do not travel. */
const STAYS = new Set(['irmt_actions', 'irmt_agenda_changes', 'irmt_extract_sends', 'irmt_minutes']);
/** Not case records of one prisoner at all. */
const NOT_HIS = new Set(['audit_log', 'prisoners']);

/** Every row that belongs to the prisoner: rows keyed by him, and their children (a review of his monitoring). */
export async function rowsOfPrisoner(
  read: Reader,
  prisonerId: string,
): Promise<{ info: TableInfo; rows: Record<string, unknown>[] }[]> {
  const out: { info: TableInfo; rows: Record<string, unknown>[] }[] = [];
  const keys = new Map<string, unknown[]>([['prisoners', [prisonerId]]]);
  for (const info of caseTables()) {
    if (NOT_HIS.has(info.name)) continue;
    let rows: Record<string, unknown>[] = [];
    if (info.prisonerKey) {
      rows = (await read.all(info.table, { [info.prisonerKey]: prisonerId } as never)) as Record<
        string,
        unknown
      >[];
    } else {
      const ref = info.references.find(
        (r) => r.parent !== 'prisoners' && (keys.get(r.parent)?.length ?? 0) > 0,
      );
      if (ref)
        rows = (await read.all(info.table, { [ref.column]: keys.get(ref.parent) } as never)) as Record<
          string,
          unknown
        >[];
    }
    if (!rows.length) continue;
    keys.set(
      info.name,
      rows.map((r) => r[info.primaryKey]),
    );
    out.push({ info, rows });
  }
  return out;
}

export const transferCommands = {
  /**
   * The prisoner has gone to another prison: his record leaves this caseload and, on a unit server, goes to the
   * receiving prison's (the server refuses a prison it does not serve, this prison itself, or one that already
   * holds him). On a standalone workstation he only leaves its caseload: export his handover pack first.
   */
  'transfer/transfer-out': command({
    // Checked in the decision, so that each refusal names the field as the screen labels it.
    input: z.lazy(() =>
      z.object({
        prisonerNumber,
        toPrison: z.string().trim().toUpperCase().max(20),
        on: z.string().trim().max(20),
      }),
    ),
    allow: ['case-administrator', 'senior-manager'],
    action: 'record a transfer to another prison',
    labels: TRANSFER_LABELS,
    async load(read, input) {
      const prisoner = await loadPrisoner(read, input.prisonerNumber);
      return { prisoner, records: await rowsOfPrisoner(read, prisoner.id) };
    },
    decide({ prisoner, records }, { toPrison, on }, ctx) {
      if (!/^[A-Z]{3}$/.test(toPrison))
        return refuse(
          'invalid-input',
          'Receiving prison code must be three letters, for example LEI',
          'toPrison',
        );
      if (!isIsoDate(on))
        return refuse('invalid-input', 'Date of transfer must be a real date, for example 20/11/2026', 'on');
      if (on > ctx.today)
        return refuse(
          'invalid-input',
          `Date of transfer must be today or in the past (${formatUk(ctx.today)})`,
          'on',
        );
      if (prisoner.releasedOn)
        return refuse(
          'conflict',
          `${prisoner.prisonerNumber} was released on ${formatUk(prisoner.releasedOn)}: a released prisoner cannot be transferred`,
          'prisonerNumber',
        );
      const changes = new Changes(ctx);
      const travelling: Handoff['rows'] = [
        { table: 'prisoners', row: prisoner as unknown as Record<string, unknown> },
      ];
      // Children before parents, so that no reference is left dangling at any step.
      for (const { info, rows } of [...records].reverse()) {
        for (const row of rows)
          changes.delete(info.table as AnyTable, row[info.primaryKey] as string, prisoner.id);
      }
      changes.delete(prisoners, prisoner.id, prisoner.id);
      for (const { info, rows } of records) {
        if (STAYS.has(info.name)) continue;
        for (const row of rows) travelling.push({ table: info.name, row });
      }
      changes.record({
        action: 'delete',
        entity: 'prisoner',
        entityId: prisoner.id,
        prisonerId: prisoner.id,
        summary: `Transferred to ${toPrison} on ${formatUk(on)}: his record goes to ${toPrison}'s caseload`,
        before: {
          prisonerNumber: prisoner.prisonerNumber,
          records: records.map((r) => `${r.info.name}: ${r.rows.length}`).join(', '),
        },
        after: { toPrison, on },
      });
      return {
        ...changes.done({
          prisonerNumber: prisoner.prisonerNumber,
          toPrison,
          on,
          records: travelling.length,
        }),
        handoff: {
          prisonerId: prisoner.id,
          prisonerNumber: prisoner.prisonerNumber,
          toPrison,
          on,
          rows: travelling,
        },
      };
    },
  }),
};
