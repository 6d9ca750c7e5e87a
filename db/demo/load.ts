import { ulid } from '../../electron/domain/shared/ids';
import { prisoners, releasePlanItems, releasePlans } from '../schema';
import { sqliteReader } from '../../electron/core/data';
import { applyInline, decideInline, inlineBatch } from '../../electron/core/inline';
import { Changes } from '../../electron/core/operations';
import { publicProtectionCommands, recordStatus } from '../../electron/domain/public-protection/commands';
import { statusInputSchema } from '../../electron/domain/public-protection/schemas';
import type { Services } from '../../electron/domain/services';
import type { CallContext } from '../../electron/domain/shared/context';
import { AppError } from '../../electron/domain/shared/errors';
import { addDays } from '../../electron/domain/shared/dates';
import { PRISONER_FIELDS } from '../../electron/domain/caseload/fields';
import { releasePlanningCommands } from '../../electron/domain/release-planning/commands';
import { DEMO_COUNT, DEMO_SEED, generateCaseload, type DemoCaseload } from './generator';
import { writeTransaction } from '../../electron/domain/shared/write';
import { beginWriteTransaction } from '../write-transaction';
import { writeDemoPasswords } from '../../electron/domain/credentials/local-store';
import { DEMO_COST } from '../../electron/domain/credentials/hashing';
import { DEMO_PASSWORD, markDemoCaseload } from '../../electron/domain/session/settings';

export interface DemoSummary {
  prisoners: number;
  staff: number;
}

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

/** How far a demo load has got: prisoners written, then release plans worked through, out of the demo's prisoners. */
export interface DemoProgress {
  step: 'prisoners' | 'release-plans';
  done: number;
  total: number;
}

/** Prisoners written between two progress reports (and, loading in steps, between two turns of the event loop). */
const STEP = 25;

/**
 * The demo prison (about 600 synthetic prisoners and a unit's staff) through the services, so every row is audited,
 * as a sequence of steps: each yield is a point where progress can be reported. The caller holds the transaction.
 */
function* demoSteps(services: Services, callCtx: CallContext): Generator<DemoProgress, DemoSummary> {
  // On first start nobody has said who they are yet; the demo's own rows are recorded as written by the loader.
  const ctx: CallContext =
    callCtx.actor.identifiedBy === 'none'
      ? {
          ...callCtx,
          actor: {
            ...callCtx.actor,
            name: `Demo loader (${callCtx.actor.name.replace(' (not signed in)', '')})`,
            identifiedBy: 'os-account',
          },
        }
      : callCtx;
  assertEmpty(services);
  const demo = generateCaseload({ seed: DEMO_SEED, count: DEMO_COUNT, today: ctx.today });
  const total = demo.prisoners.length;
  const ids = staffIds(services, ctx, demo);
  const manager = services.staff.findByName('Rachel Okoro')!;
  const managerCtx: CallContext = {
    ...ctx,
    actor: { staffId: manager.id, name: manager.name, roles: manager.roles, identifiedBy: 'staff' },
  };
  const reader = sqliteReader(services.store.db);
  let n = 0;
  let written = 0;
  for (const p of demo.prisoners) {
    const prisonerId = services.caseload.insert(
      ctx,
      { ...p.input, pomId: p.pomName ? ids.get(p.pomName)! : null },
      'demo caseload',
      p.arrivedOn,
    );
    for (const a of p.assessments) services.oasys.addAssessment(ctx, p.input.prisonerNumber, a);
    for (const e of p.events) services.oasys.addEvent(ctx, p.input.prisonerNumber, e);
    const prisoner = reader.oneSync(prisoners, { id: prisonerId })!;
    for (const pp of p.publicProtection) {
      const status = statusInputSchema.parse({
        type: pp.type,
        status: pp.status,
        identifiedOn: pp.identifiedOn,
        confirmedOn: pp.status === 'confirmed' ? pp.identifiedOn : null,
        groundsCurrentOffence: p.input.registeredSexOffender,
        groundsPreviousConvictions: !p.input.registeredSexOffender,
        groundsWiderInformation: pp.type === 'hppm',
        summary:
          pp.type === 'pprc'
            ? 'Synthetic demo case: offence involving a child'
            : 'Synthetic demo case: harassment of a former partner',
      });
      applyInline(services.store, services.audit, managerCtx, (c) => {
        const changes = new Changes(c);
        recordStatus(changes, prisonerId, status, 'demo caseload');
        return changes.done(null);
      });
    }
    // Most confirmed cases are monitored, some decided against, a few still waiting for a decision: decided as the senior manager would.
    if (p.publicProtection.some((x) => x.status === 'confirmed')) {
      const pick = n++ % 5;
      if (pick < 3) {
        decideInline(
          services.store,
          services.audit,
          publicProtectionCommands['public-protection/authorise-monitoring'],
          prisoner,
          {
            prisonerNumber: p.input.prisonerNumber,
            authorisation: {
              means: pick === 0 ? 'both' : 'phone',
              basis: pick === 2 ? 'intelligence-led' : 'offence-related',
              reasons: 'Synthetic demo: contact with the victim or children must be checked',
              necessityAndProportionality:
                'Synthetic demo: necessary to protect the public; the least intrusive means',
              authorisedOn: addDays(ctx.today, -((n * 17) % 110)),
            },
          },
          managerCtx,
        );
      } else if (pick === 3) {
        decideInline(
          services.store,
          services.audit,
          publicProtectionCommands['public-protection/decide-not-to-monitor'],
          prisoner,
          {
            prisonerNumber: p.input.prisonerNumber,
            decision: {
              decidedOn: ctx.today,
              reasons: 'Synthetic demo: no contact with children or victims is sought',
            },
          },
          managerCtx,
        );
      }
    }
    if (++written % STEP === 0) yield { step: 'prisoners', done: written, total };
  }
  yield* demoReleasePlans(services, ctx, demo);
  // Every demo member of staff signs in with the published demo password (README, "Signing in").
  writeDemoPasswords(services.store.sqlite, [...ids.values()], DEMO_PASSWORD, DEMO_COST, ctx.now);
  markDemoCaseload(services.store, ctx);
  services.audit.record(ctx, {
    action: 'demo',
    entity: 'caseload',
    summary: `Loaded the demo caseload: ${demo.prisoners.length} synthetic prisoners, ${demo.staff.length} staff`,
  });
  return { prisoners: demo.prisoners.length, staff: demo.staff.length };
}

/** The demo prison in one transaction, all at once (command line, tests). */
export function loadDemoCaseload(services: Services, callCtx: CallContext): DemoSummary {
  return writeTransaction(services.store, callCtx, 'loading the demo caseload', () => {
    const steps = demoSteps(services, callCtx);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  });
}

/**
 * The demo prison in one transaction, written in steps with a turn of the event loop between them, so that the door
 * carrying the request can answer questions about `progress` meanwhile (the app shows it). All or nothing: a failure
 * rolls every step back. While it runs the connection is inside this transaction, so the caller must let no other
 * change through (the router refuses them).
 */
export async function loadDemoCaseloadInSteps(
  services: Services,
  callCtx: CallContext,
  progress: (p: DemoProgress) => void,
): Promise<DemoSummary> {
  const { sqlite } = services.store;
  if (sqlite.inTransaction)
    throw new AppError('conflict', 'Another change is being written; try again in a moment');
  const held = beginWriteTransaction(sqlite, { what: 'loading the demo caseload', who: callCtx.actor.name });
  try {
    const steps = demoSteps(services, callCtx);
    for (;;) {
      const r = steps.next();
      if (r.done) {
        held.commit();
        return r.value;
      }
      progress(r.value);
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (e) {
    held.rollback();
    throw e;
  }
}

/** A number from 0 to 99 fixed by the text, so the demo is the same every time without touching the generator's stream. */
const percentile = (text: string) => {
  let h = 7;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % 100;
};

/** Release plans part-way done: most early items done, accommodation and MAPPA confirmation often not (as the inspection found). */
function* demoReleasePlans(
  services: Services,
  ctx: CallContext,
  demo: DemoCaseload,
): Generator<DemoProgress, void> {
  const read = sqliteReader(services.store.db);
  const versions = services.policy.versions();
  const { 'release-planning/set-facts': setFacts, 'release-planning/set-item': setItem } =
    releasePlanningCommands;
  // Each prisoner's plan is worked out from his own rows only, which none of the decisions below changes before his
  // turn: read once for all of them, as each was before his own decisions.
  const due = services.due.forEveryPrisoner(ctx.today);
  // Each prisoner's decisions read only his own plan and items, which none of his other decisions writes: a step's
  // decisions are applied together.
  const batch = inlineBatch(services.store, services.audit, ctx);
  let worked = 0;
  for (const p of demo.prisoners) {
    if (++worked % STEP === 0) {
      batch.apply();
      yield { step: 'release-plans', done: worked, total: demo.prisoners.length };
    }
    const number = p.input.prisonerNumber;
    const plan = due.get(number)?.releasePlan;
    if (!plan?.started) continue;
    const prisoner = read.oneSync(prisoners, { prisonerNumber: number })!;
    if (percentile(`${number}facts`) < 70) {
      const facts = {
        approvedPremisesNeeded:
          p.input.rosh === 'high' || p.input.rosh === 'very-high' ? percentile(`${number}ap`) < 50 : false,
        victimInContactScheme: percentile(`${number}vcs`) < 40,
      };
      batch.decide(
        setFacts,
        { prisoner, plan: read.oneSync(releasePlans, { prisonerId: prisoner.id }) },
        { prisonerNumber: number, facts },
      );
    }
    for (const item of plan.items) {
      if (item.automatic || item.dueDate > addDays(ctx.today, 30)) continue;
      const chance =
        item.key === 'mappa-level-confirmed' ? 35 : item.key === 'accommodation-confirmed' ? 45 : 70;
      if (percentile(`${number}${item.key}`) >= chance) continue;
      if (item.key === 'mappa-level-confirmed' && !p.input.mappaLevel) continue;
      const done = {
        itemKey: item.key,
        status: 'done' as const,
        completedOn: item.dueDate < ctx.today ? item.dueDate : ctx.today,
        note: 'Synthetic demo',
      };
      batch.decide(
        setItem,
        {
          prisoner,
          item: read.oneSync(releasePlanItems, { prisonerId: prisoner.id, itemKey: item.key }),
          versions,
        },
        { prisonerNumber: number, item: done },
      );
    }
  }
  batch.apply();
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
