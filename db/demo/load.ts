import { ulid } from '../../electron/domain/shared/ids';
import type { Services } from '../../electron/domain/services';
import type { CallContext } from '../../electron/domain/shared/context';
import { AppError } from '../../electron/domain/shared/errors';
import { PRISONER_FIELDS } from '../../electron/domain/caseload/fields';
import type { CommandRunner } from '../../electron/core/runner';
import { demoLoaderContext, type DemoSummary } from '../../electron/domain/caseload/demo-command';
import { generateCaseload, type DemoCaseload } from './generator';

export type { DemoProgress, DemoSummary } from '../../electron/domain/caseload/demo-command';

function assertEmpty(services: Services): void {
  const n = services.caseload.count();
  if (n > 0)
    throw new AppError(
      'conflict',
      `The demo caseload can only be loaded into an empty database; this one already has ${n} prisoners`,
    );
}

function staffIds(services: Services, ctx: CallContext, demo: DemoCaseload): Map<string, string> {
  const ids = new Map<string, string>();
  for (const s of demo.staff) {
    const existing = services.staff.findByName(s.name);
    ids.set(
      s.name,
      existing?.id ??
        services.staff.insertUnchecked(ctx, { name: s.name, email: s.email, roles: s.roles, active: true })
          .id,
    );
  }
  return ids;
}

/**
 * The demo prison through the command runner, as one logged command (electron/domain/caseload/demo-command.ts), without
 * progress: for the tests' template and scripts. The app's button goes through the router, which reports progress.
 */
export async function loadDemoCaseload(
  app: { runner: CommandRunner },
  ctx: CallContext,
  input: { seed?: number; count?: number } = {},
): Promise<DemoSummary> {
  const { result } = await app.runner.run<DemoSummary>('caseload/load-demo', input, demoLoaderContext(ctx));
  return { prisoners: result.prisoners, staff: result.staff };
}

const COLUMN = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * A large synthetic caseload for the benchmark (1,500 or 80,000 prisoners), written with one prepared statement in
 * one transaction and recorded as one audit entry.
 */
export function loadSyntheticCaseload(
  services: Services,
  ctx: CallContext,
  { seed, count, numberLetter }: { seed: number; count: number; numberLetter?: string },
): DemoSummary {
  const { sqlite } = services.store;
  return sqlite.transaction(() => {
    assertEmpty(services);
    const demo = generateCaseload({ seed, count, today: ctx.today, numberLetter });
    const ids = staffIds(services, ctx, demo);
    const keys = PRISONER_FIELDS.map((f) => f.key);
    const columns = [...keys.map(COLUMN), 'id', 'created_at', 'updated_at', 'updated_by', 'arrived_on'];
    const insert = sqlite.prepare(
      `INSERT INTO prisoners (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    const at = ctx.now.toISOString();
    const insertAssessment = sqlite.prepare(
      'INSERT INTO oasys_assessments (id, created_at, updated_at, updated_by, prisoner_id, type, layer, completed_on, completed_by) VALUES (?,?,?,?,?,?,?,?,?)',
    );
    const insertEvent = sqlite.prepare(
      'INSERT INTO significant_events (id, created_at, updated_at, updated_by, prisoner_id, type, event_date) VALUES (?,?,?,?,?,?,?)',
    );
    for (const p of demo.prisoners) {
      const row: Record<string, unknown> = { ...p.input, pomId: p.pomName ? ids.get(p.pomName)! : null };
      const id = ulid();
      insert.run(
        ...keys.map((k) => (typeof row[k] === 'boolean' ? (row[k] ? 1 : 0) : (row[k] ?? null))),
        id,
        at,
        at,
        ctx.actor.name,
        p.arrivedOn,
      );
      for (const a of p.assessments)
        insertAssessment.run(
          ulid(),
          at,
          at,
          ctx.actor.name,
          id,
          a.type,
          a.layer,
          a.completedOn,
          a.completedBy,
        );
      for (const e of p.events) insertEvent.run(ulid(), at, at, ctx.actor.name, id, e.type, e.date);
    }
    services.audit.record(ctx, {
      action: 'demo',
      entity: 'caseload',
      summary: `Loaded a synthetic caseload of ${count} prisoners (seed ${seed})`,
    });
    return { prisoners: demo.prisoners.length, staff: demo.staff.length };
  })();
}
