import { getTableColumns, is, SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { prisoners, settings, staff } from '../../../db/schema';
import { DEMO_COUNT, DEMO_SEED, generateCaseload } from '../../../db/demo/generator';
import { authorise } from '../../core/authorise';
import type { Change, Reader } from '../../core/data';
import {
  Changes,
  command,
  refuse,
  type CommandContext,
  type CommandDef,
  type DecisionPart,
} from '../../core/operations';
import type { Row } from '../../core/tables';
import type { Actor, CallContext } from '../shared/context';
import { addDays } from '../shared/dates';
import { DEMO_COST } from '../credentials/hashing';
import { writeDemoPasswords } from '../credentials/local-store';
import { releasePlanOf } from '../due/service';
import { oasysCommands } from '../oasys/commands';
import type { Assessment } from '../oasys/rules';
import { loadRuleVersions } from '../policy/versions';
import type { RuleVersion } from '../policy/rule-sets';
import { publicProtectionCommands, recordStatus } from '../public-protection/commands';
import { statusInputSchema } from '../public-protection/schemas';
import { releasePlanningCommands } from '../release-planning/commands';
import { DEMO_CASELOAD_KEY, DEMO_PASSWORD } from '../session/settings';
import type { Role } from '../staff/roles';
import { recordNewPrisoner } from './changes';
import type { PrisonerRecord } from './load';

/**
 * The demo prison (issue 15 item 2): about 600 synthetic prisoners and a unit's staff, as one logged command. Its input
 * is what decides the demo (the generator's seed and size); its decision makes every row from that input, the state it
 * loads (the staff list, the rule versions, the demo's setting) and its context (actor, today, now, and ids derived
 * from the command's id), so replaying its log on the database it started from makes the same tables
 * (tests/integration/commands/demo-replay.test.ts). The rows are made through the commands' own decisions (a prisoner
 * added, his OASys records, public protection, monitoring, release plans) and applied part by part by the runner's bulk
 * path as they are made (`Decision.more`), each part's progress reported ("300 of 600 prisoners"), all in the runner's
 * one IMMEDIATE transaction. It never reaches a unit server (`workstationOnly`).
 */

/** How far a demo load has got: prisoners written, then release plans worked through, out of the demo's prisoners. */
export interface DemoProgress {
  step: 'prisoners' | 'release-plans';
  done: number;
  total: number;
}

export interface DemoSummary {
  prisoners: number;
  staff: number;
}

/** Prisoners written between two progress reports (and between two turns of the event loop). */
const STEP = 25;
/** The most prisoners a demo may have: a demo, not a benchmark (bench/ writes larger caseloads its own way). */
export const MAX_DEMO_COUNT = 2000;

export const demoInputSchema = z.object({
  seed: z.number().int().default(DEMO_SEED),
  count: z.number().int().min(1).max(MAX_DEMO_COUNT).default(DEMO_COUNT),
});

/**
 * Who the demo's rows are recorded as written by: on first start nobody has said who they are yet, so its own rows are
 * recorded as written by the loader on this computer account ("Demo loader (tester)").
 */
export function demoLoaderContext(ctx: CallContext): CallContext {
  if (ctx.actor.identifiedBy !== 'none') return ctx;
  return {
    ...ctx,
    actor: {
      ...ctx.actor,
      name: `Demo loader (${ctx.actor.name.replace(' (not signed in)', '')})`,
      identifiedBy: 'os-account',
    },
  };
}

interface DemoState {
  /** Whether any prisoner is on the caseload: the demo goes only into an empty one. */
  anyPrisoner: boolean;
  staff: Row<typeof staff>[];
  versions: RuleVersion[];
  demoSetting: Row<typeof settings> | undefined;
}

async function loadDemoState(read: Reader): Promise<DemoState> {
  return {
    anyPrisoner: (await read.all(prisoners, {}, { limit: 1 })).length > 0,
    staff: await read.all(staff),
    versions: await loadRuleVersions(read),
    demoSetting: await read.one(settings, { key: DEMO_CASELOAD_KEY }),
  };
}

const PRISONER_COLUMNS = Object.entries(getTableColumns(prisoners) as Record<string, SQLiteColumn>);
/**
 * A prisoner's row as this decision writes it, as it will read back: a column the row leaves out at its default, or
 * null (the columns SQLite works out, which no decision given this row reads, are null too).
 */
function asStored(row: Record<string, unknown>): PrisonerRecord {
  const out: Record<string, unknown> = {};
  for (const [key, column] of PRISONER_COLUMNS) {
    const value = row[key];
    out[key] =
      value !== undefined
        ? value
        : column.default !== undefined && !is(column.default, SQL)
          ? column.default
          : null;
  }
  return out as PrisonerRecord;
}

/** The row of the last change collected (an insert). */
const rowOf = (changes: Changes) =>
  (changes.changes[changes.changes.length - 1] as Extract<Change, { op: 'insert' }>).row;

/** A command's own decision, made as the runner makes it (input parsed, who may checked), added to `into`. */
function decideWithin<I extends z.ZodType, S, R, O>(
  def: CommandDef<I, S, R, O>,
  state: S,
  input: z.input<I>,
  ctx: CommandContext,
  into: { changes: DecisionPart['changes']; audit: DecisionPart['audit'] },
): R {
  const parsed = def.input.parse(input);
  authorise(def, ctx.actor);
  const decision = def.decide(state, parsed, ctx);
  for (const c of decision.changes) into.changes.push(c);
  for (const a of decision.audit) into.audit.push(a);
  return decision.result;
}

/** A number from 0 to 99 fixed by the text, so the demo is the same every time without touching the generator's stream. */
const percentile = (text: string) => {
  let h = 7;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % 100;
};

function decideDemo(state: DemoState, input: z.output<typeof demoInputSchema>, ctx: CommandContext) {
  if (state.anyPrisoner)
    refuse(
      'conflict',
      'The demo caseload can only be loaded into an empty database; this one already has prisoners',
    );
  const demo = generateCaseload({ seed: input.seed, count: input.count, today: ctx.today });
  const total = demo.prisoners.length;
  const changes = new Changes(ctx);
  // The demo's staff, each found by name as the staff list reads it or added.
  const byName = new Map(state.staff.map((s) => [s.name.trim().toLowerCase(), s]));
  const ids = new Map<string, string>();
  const roles = new Map<string, Role[]>();
  for (const s of demo.staff) {
    const existing = byName.get(s.name.toLowerCase());
    if (existing) {
      ids.set(s.name, existing.id);
      roles.set(s.name, JSON.parse(existing.roles) as Role[]);
      continue;
    }
    const row = changes.insert(staff, {
      name: s.name,
      email: s.email,
      roles: JSON.stringify(s.roles),
      active: true,
    });
    ids.set(s.name, row.id);
    roles.set(s.name, s.roles);
    changes.record({
      action: 'create',
      entity: 'staff',
      entityId: row.id,
      summary: `Added staff member ${s.name} (${s.roles.join(', ')})`,
      after: { id: row.id, name: s.name, email: s.email, roles: s.roles, active: true },
    });
  }
  // Public protection is decided as the unit's senior manager would decide it, and recorded as his.
  const managerName = 'Rachel Okoro';
  const manager: Actor = {
    staffId: ids.get(managerName)!,
    name: managerName,
    roles: roles.get(managerName)!,
    identifiedBy: 'staff',
  };
  const managerCtx: CommandContext = { ...ctx, actor: manager };
  const head = changes.take();
  const { 'release-planning/set-facts': setFacts, 'release-planning/set-item': setItem } =
    releasePlanningCommands;

  function* parts(): Generator<DecisionPart> {
    const made: { number: string; record: PrisonerRecord; assessments: Assessment[]; pprc: boolean }[] = [];
    let n = 0;
    for (const p of demo.prisoners) {
      const number = p.input.prisonerNumber;
      const id = recordNewPrisoner(
        changes,
        { ...p.input, pomId: p.pomName ? ids.get(p.pomName)! : null },
        'demo caseload',
        p.arrivedOn,
      );
      // His row is the change just collected (recordNewPrisoner's insert), as it will read back.
      const record = asStored(rowOf(changes));
      for (const a of p.assessments)
        decideWithin(
          oasysCommands['oasys/add-assessment'],
          record,
          { prisonerNumber: number, assessment: a },
          ctx,
          changes,
        );
      for (const e of p.events)
        decideWithin(
          oasysCommands['oasys/add-event'],
          record,
          { prisonerNumber: number, event: e },
          ctx,
          changes,
        );
      made.push({
        number,
        record,
        assessments: p.assessments.map((a) => ({ type: a.type, completedOn: a.completedOn })),
        pprc: p.publicProtection.some((x) => x.type === 'pprc'),
      });
      if (p.publicProtection.length) {
        yield changes.take();
        const byManager = new Changes(managerCtx);
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
          recordStatus(byManager, id, status, 'demo caseload');
        }
        // Most confirmed cases are monitored, some decided against, a few still waiting for a decision.
        if (p.publicProtection.some((x) => x.status === 'confirmed')) {
          const pick = n++ % 5;
          if (pick < 3)
            decideWithin(
              publicProtectionCommands['public-protection/authorise-monitoring'],
              record,
              {
                prisonerNumber: number,
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
              byManager,
            );
          else if (pick === 3)
            decideWithin(
              publicProtectionCommands['public-protection/decide-not-to-monitor'],
              record,
              {
                prisonerNumber: number,
                decision: {
                  decidedOn: ctx.today,
                  reasons: 'Synthetic demo: no contact with children or victims is sought',
                },
              },
              managerCtx,
              byManager,
            );
        }
        yield { ...byManager.take(), actor: manager };
      }
      if (made.length % STEP === 0)
        yield { ...changes.take(), progress: { step: 'prisoners', done: made.length, total } };
    }
    yield changes.take();
    // Release plans part-way done: most early items done, accommodation and MAPPA confirmation often not (as the
    // inspection found). Each plan is worked out as the due list works it out from the rows above (none of the plans'
    // decisions changes what another's reads), before any of its progress is recorded.
    let worked = 0;
    for (const m of made) {
      if (++worked % STEP === 0)
        yield { ...changes.take(), progress: { step: 'release-plans', done: worked, total } };
      const plan = releasePlanOf(m.record, m.assessments, m.pprc, null, new Map(), ctx.today, state.versions);
      if (!plan?.started) continue;
      const number = m.number;
      const p = m.record;
      if (percentile(`${number}facts`) < 70) {
        const facts = {
          approvedPremisesNeeded:
            p.rosh === 'high' || p.rosh === 'very-high' ? percentile(`${number}ap`) < 50 : false,
          victimInContactScheme: percentile(`${number}vcs`) < 40,
        };
        decideWithin(
          setFacts,
          { prisoner: p, plan: undefined },
          { prisonerNumber: number, facts },
          ctx,
          changes,
        );
      }
      for (const item of plan.items) {
        // The pre-release OASys review is done by an OASys record, never by hand (release-planning/rules.ts).
        if (item.automatic || item.key === 'pre-release-oasys' || item.dueDate > addDays(ctx.today, 30))
          continue;
        const chance =
          item.key === 'mappa-level-confirmed' ? 35 : item.key === 'accommodation-confirmed' ? 45 : 70;
        if (percentile(`${number}${item.key}`) >= chance) continue;
        if (item.key === 'mappa-level-confirmed' && !p.mappaLevel) continue;
        const done = {
          itemKey: item.key,
          status: 'done' as const,
          completedOn: item.dueDate < ctx.today ? item.dueDate : ctx.today,
          note: 'Synthetic demo',
        };
        decideWithin(
          setItem,
          { prisoner: p, item: undefined, versions: state.versions },
          { prisonerNumber: number, item: done },
          ctx,
          changes,
        );
      }
    }
    // The sign-in page then offers the demo password (README, "Signing in").
    if (state.demoSetting) changes.update(settings, DEMO_CASELOAD_KEY, { value: 'yes' });
    else changes.insert(settings, { key: DEMO_CASELOAD_KEY, value: 'yes' });
    changes.record({
      action: 'demo',
      entity: 'caseload',
      summary: `Loaded the demo caseload: ${total} synthetic prisoners, ${demo.staff.length} staff`,
    });
    yield changes.take();
  }

  return {
    ...head,
    result: { prisoners: total, staff: demo.staff.length, staffIds: [...ids.values()] },
    // Each prisoner makes a row and an audit entry at the least: the runner's bulk path, indexes built once at the end.
    more: { atLeast: total * 2, parts: parts() },
  };
}

export const caseloadDemoCommands = {
  'caseload/load-demo': command({
    input: demoInputSchema,
    allow: 'signed-in',
    action: 'load the demo caseload',
    labels: { seed: 'Seed', count: 'Prisoners' },
    workstationOnly:
      'This workstation is joined to a unit server; the demo caseload is only for a workstation on its own.',
    load: loadDemoState,
    decide: decideDemo,
    // Every demo member of staff signs in with the published demo password (README, "Signing in"): this workstation's
    // own credentials, hashed with a salt of their own, not case data.
    local: (store, result, ctx) =>
      writeDemoPasswords(store.sqlite, result.staffIds, DEMO_PASSWORD, DEMO_COST, ctx.now),
    reply: (_deps, r): DemoSummary => ({ prisoners: r.prisoners, staff: r.staff }),
  }),
};
