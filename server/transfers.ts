import { and, eq, sql } from 'drizzle-orm';
import type { CommandContext, Handoff } from '../electron/core/operations';
import { tableInfo } from '../electron/core/tables';
import { auditRow } from '../electron/domain/audit/row';
import { formatUk } from '../electron/domain/shared/dates';
import { AppError } from '../electron/domain/shared/errors';
import { prisons, serverAudit, twinOf } from './db/schema';
import { logChanges, withoutPrison, type LoggedChange, type Tx } from './store';

/**
 * The receiving side of a transfer (electron/domain/transfer/commands.ts): in the same transaction as the sending
 * prison's change, the prisoner's record becomes the receiving prison's, as a new version of its data that its
 * workstations pull. He arrives on the transfer date, so the receiving prison must confirm monitoring of a public
 * protection case (public-protection rules: an arrival with a status) and review OASys (a transfer-in event); his
 * POM is the receiving prison's to allocate. People of the sending prison named on his records (who authorised
 * or reviewed his monitoring, who categorised him) are kept by name as former staff of that prison, not as
 * members of the receiving prison's staff.
 */
export async function receiveTransfer(
  tx: Tx,
  from: string,
  h: Handoff,
  ctx: CommandContext,
  device: { id: string },
): Promise<{ version: number }> {
  if (h.toPrison === from)
    throw new AppError(
      'invalid-input',
      `${h.prisonerNumber} is already at ${from}: a transfer goes to another prison`,
      'toPrison',
    );
  const [to] = await tx.select().from(prisons).where(eq(prisons.code, h.toPrison));
  if (!to)
    throw new AppError(
      'not-found',
      `The unit server does not serve a prison ${h.toPrison}: check the receiving prison's code`,
      'toPrison',
    );
  const [sender] = await tx.select().from(prisons).where(eq(prisons.code, from));
  const prisonersTwin = twinOf('prisoners');
  const [already] = await tx
    .select({ id: prisonersTwin.id })
    .from(prisonersTwin)
    .where(
      and(eq(prisonersTwin.prison, h.toPrison), eq(sql`${prisonersTwin.prisonerNumber}`, h.prisonerNumber)),
    );
  if (already)
    throw new AppError(
      'conflict',
      `${to.name} already holds ${h.prisonerNumber} on its caseload: the transfer was not recorded`,
      'prisonerNumber',
    );

  const at = ctx.now.toISOString();
  const meta = { updatedAt: at, updatedBy: ctx.actor.name };
  const logged: LoggedChange[] = [];
  const put = async (table: string, row: Record<string, unknown>) => {
    const [written] = await tx
      .insert(twinOf(table))
      .values({ ...row, prison: h.toPrison } as never)
      .returning();
    const r = withoutPrison(written as Record<string, unknown>);
    logged.push({ table, key: String(r[tableInfo(table).primaryKey]), op: 'put', row: r });
  };

  // Former staff of the sending prison named on his records, once each.
  const staffTwin = twinOf('staff');
  const formerIds = new Map<string, string>();
  for (const { table, row } of h.rows) {
    for (const ref of tableInfo(table).references) {
      if (ref.parent !== 'staff' || ref.column === 'pomId' || !row[ref.column]) continue;
      formerIds.set(row[ref.column] as string, `${row[ref.column] as string}.${from}`);
    }
  }
  for (const [staffId, formerId] of formerIds) {
    const [exists] = await tx.select({ id: staffTwin.id }).from(staffTwin).where(eq(staffTwin.id, formerId));
    if (exists) continue;
    const [person] = (await tx.select().from(staffTwin).where(eq(staffTwin.id, staffId))) as {
      name: string;
    }[];
    await put('staff', {
      id: formerId,
      name: `${person?.name ?? 'Unknown'} (${sender?.name ?? from})`,
      email: null,
      roles: '[]',
      active: false,
      createdAt: at,
      ...meta,
    });
  }

  for (const { table, row } of h.rows) {
    const info = tableInfo(table);
    const moved: Record<string, unknown> = { ...row };
    for (const ref of info.references)
      if (ref.parent === 'staff' && moved[ref.column])
        moved[ref.column] = ref.column === 'pomId' ? null : formerIds.get(moved[ref.column] as string);
    if (table === 'prisoners') Object.assign(moved, { arrivedOn: h.on, pomId: null, ...meta });
    await put(table, moved);
  }
  await put('significant_events', {
    id: ctx.newId(),
    prisonerId: h.prisonerId,
    type: 'transfer-in',
    eventDate: h.on,
    note: `Transferred from ${sender?.name ?? from}`,
    createdAt: at,
    ...meta,
  });

  const auditTwin = twinOf('audit_log');
  const [entry] = await tx
    .insert(auditTwin)
    .values({
      ...auditRow(ctx, {
        action: 'create',
        entity: 'prisoner',
        entityId: h.prisonerId,
        prisonerId: h.prisonerId,
        summary: `Transfer received from ${sender?.name ?? from} (${from}) on ${formatUk(h.on)}: confirm monitoring and review OASys`,
        after: { fromPrison: from, on: h.on, records: h.rows.length },
      }),
      prison: h.toPrison,
    } as never)
    .returning();
  const auditRowOut = withoutPrison(entry as Record<string, unknown>);
  logged.push({ table: 'audit_log', key: String(auditRowOut.seq), op: 'put', row: auditRowOut });

  const [bumped] = await tx
    .update(prisons)
    .set({ version: sql`${prisons.version} + 1` })
    .where(eq(prisons.code, h.toPrison))
    .returning({ version: prisons.version });
  await logChanges(tx, h.toPrison, bumped!.version, logged);
  await tx.insert(serverAudit).values({
    at: ctx.now,
    prison: h.toPrison,
    actorId: ctx.actor.staffId,
    actorName: ctx.actor.name,
    deviceId: device.id,
    clientClock: null,
    event: 'transfer.in',
    commandId: ctx.commandId,
    outcome: 'applied',
    detail: {
      fromPrison: from,
      prisonerNumber: h.prisonerNumber,
      version: bumped!.version,
      changes: logged.length,
    },
  } as never);
  return { version: bumped!.version };
}
