import crypto from 'node:crypto';
import { decodeTime, ulid } from 'ulid';
import type { z } from 'zod';
import type { AuditInput } from '../domain/audit/service';
import type { Actor, CallContext, Store } from '../domain/shared/context';
import { AppError, type ErrorCode } from '../domain/shared/errors';
import type { Role } from '../domain/staff/roles';
import type { FieldLabels } from './labels';
import type { Change, Reader } from './data';
import type { AppDeps } from './deps';
import { tableInfo, type AnyTable, type NewRow, type Row } from './tables';

/**
 * Operations, declared by each slice next to its rules and registered by name (after Actual Budget's
 * loot-core handlers):
 * - a **command** is every write to case data: an input schema, who may run it, a `load` of the state it
 *   needs, and a pure `decide` that returns the row changes and audit entries, or refuses. The runner applies
 *   them in one IMMEDIATE transaction and logs the command; the unit server re-runs the same code;
 * - a **query** reads;
 * - an **action** does something on this machine that is not case data (write a PDF, back up, restore),
 *   recording what it did through a command.
 */

/** Who may run an operation: anyone signed in, or the holders of one of these roles. */
export type Allow = 'signed-in' | readonly Role[];

/** The moment a command runs in, plus the ids it may use: derived from the command's id, so a replay makes the same ones. */
export interface CommandContext extends CallContext {
  commandId: string;
  newId(): string;
}

export interface Decision<R> {
  changes: Change[];
  audit: AuditInput[];
  result: R;
  /**
   * A prisoner leaving this prison's caseload for another prison's (electron/domain/transfer): the rows that go
   * with him. A workstation applies only `changes` (he leaves its caseload); the unit server also gives the rows
   * to the receiving prison (server/transfers.ts).
   */
  handoff?: Handoff;
  /**
   * A large decision's further changes, made while they are applied rather than held all at once (a caseload file of
   * 80,000 prisoners: issue 18 item 3). Its parts follow `changes` and `audit`, in order, each part's changes before
   * its audit entries; `atLeast` is how many changes and entries they make at the least, so that the runner can
   * choose its bulk path before it starts. The parts can be walked once only: `wholeDecision` collects them.
   */
  more?: { atLeast: number; parts: Iterable<DecisionPart> };
}

/** Some changes of a decision and the audit entries that go with them. */
export interface DecisionPart {
  changes: Change[];
  audit: AuditInput[];
  /**
   * Who the part's audit entries name when it is not the command's actor: only a workstation's own command
   * (`CommandDef.workstationOnly`) may say, the demo's synthetic decisions made as its senior manager would make them.
   */
  actor?: Actor;
  /**
   * How far the decision has got once this part is written (the demo's "300 of 600 prisoners"): a runner given
   * `onProgress` reports it and lets the event loop turn before the next part, so that the door can answer meanwhile.
   */
  progress?: unknown;
}

/** A decision's changes and audit entries part by part: its own, then those of `more`. */
export function* decisionParts(decision: Pick<Decision<unknown>, 'changes' | 'audit' | 'more'>) {
  yield { changes: decision.changes, audit: decision.audit } satisfies DecisionPart;
  if (decision.more) yield* decision.more.parts;
}

/** The decision with every part collected into `changes` and `audit` (the unit server and tests take it whole). */
export function wholeDecision<R>(decision: Decision<R>): Decision<R> {
  if (!decision.more) return decision;
  const { more: _more, ...rest } = decision;
  const changes: Change[] = [];
  const audit: AuditInput[] = [];
  for (const part of decisionParts(decision)) {
    for (const c of part.changes) changes.push(c);
    for (const a of part.audit) audit.push(a);
  }
  return { ...rest, changes, audit };
}

export interface Handoff {
  prisonerId: string;
  prisonerNumber: string;
  toPrison: string;
  on: string;
  rows: { table: string; row: Record<string, unknown> }[];
}

export interface CommandDef<I extends z.ZodType, S, R, O = R> {
  kind: 'command';
  input: I;
  allow: Allow;
  /** What the refusal says the person cannot do ("authorise monitoring"); also used by the role matrix. */
  action: string;
  /**
   * The screen's label for each input field (electron/core/labels.ts): a refusal about a field starts with it. Every
   * field a refusal can name has one (tests/integration/refusal-labels.test.ts).
   */
  labels?: FieldLabels;
  /** The refusal in the rule's own words, for someone identified who holds none of the roles `allow` names. */
  refusal?(actor: Actor): string;
  /** A decision of record: asks for the password again when it was last entered long ago. */
  reauth?: boolean;
  load(read: Reader, input: z.output<I>, ctx: CommandContext): Promise<S>;
  decide(state: S, input: z.output<I>, ctx: CommandContext): Decision<R>;
  /**
   * Why the command runs only on a workstation on its own (the demo's synthetic caseload): the runner refuses it on a
   * workstation joined to a unit server, and the unit server never accepts it.
   */
  workstationOnly?: string;
  /**
   * What the command writes to this workstation's own tables (electron/core/tables.ts: never case data, never sent,
   * not in the digest), in its transaction after its changes: not part of the decision, so it may hash a password.
   */
  local?(store: Store, result: R, ctx: CommandContext): void;
  /** After it commits, what the person should see next (read on this workstation; not part of the decision). */
  reply?(deps: AppDeps, result: R, input: z.output<I>, ctx: CallContext): O | Promise<O>;
}

export interface QueryDef<I extends z.ZodType, R, Q = unknown> {
  kind: 'query';
  input: I;
  allow: Allow;
  action: string;
  run(q: Q, input: z.output<I>, ctx: CallContext): R | Promise<R>;
}

export interface ActionDef<I extends z.ZodType, R, A = unknown> {
  kind: 'action';
  input: I;
  allow: Allow;
  action: string;
  reauth?: boolean;
  run(a: A, input: z.output<I>, ctx: CallContext): R | Promise<R>;
}

/** Declares a command; the name comes from the key it is registered under. */
export const command = <I extends z.ZodType, S, R, O = R>(
  def: Omit<CommandDef<I, S, R, O>, 'kind'>,
): CommandDef<I, S, R, O> => ({ kind: 'command', ...def });
export const query =
  <Q>() =>
  <I extends z.ZodType, R>(def: Omit<QueryDef<I, R, Q>, 'kind'>): QueryDef<I, R, Q> => ({
    kind: 'query',
    ...def,
  });
export const action =
  <A>() =>
  <I extends z.ZodType, R>(def: Omit<ActionDef<I, R, A>, 'kind'>): ActionDef<I, R, A> => ({
    kind: 'action',
    ...def,
  });

/** Refuses a command or a query: nothing is written, and the person reads the message beside the field. */
export function refuse(code: ErrorCode, message: string, field?: string): never {
  throw new AppError(code, message, field);
}

/** Ids a command creates: ULIDs in the command's own millisecond, derived from its id and a counter. */
export function idSource(commandId: string): () => string {
  const time = decodeTime(commandId);
  let n = 0;
  return () => {
    n += 1;
    // crypto.hash, the one-shot createHash().update().digest(): the same bytes in about a third of the time.
    const bytes = crypto.hash('sha256', `${commandId}/${n}`, 'buffer');
    let i = 0;
    return ulid(time, () => bytes[i++ % bytes.length]! / 256);
  };
}

type Meta = 'createdAt' | 'updatedAt' | 'updatedBy';

/**
 * Collects what a decision changes. Row bookkeeping (created/updated at and by) is filled from the context,
 * so a decision only says what the change is.
 */
export class Changes {
  readonly changes: Change[] = [];
  readonly audit: AuditInput[] = [];
  /** Each table's bookkeeping for a row added, the same for every row of this decision (its moment, its actor). */
  private readonly created = new Map<string, Record<string, unknown>>();
  constructor(private readonly ctx: CommandContext) {}

  private meta(table: AnyTable, creating: boolean): Record<string, unknown> {
    const cols = tableInfo(table).table as unknown as Record<string, unknown>;
    const at = this.ctx.now.toISOString();
    const out: Record<string, unknown> = {};
    if ('updatedAt' in cols) out.updatedAt = at;
    if ('updatedBy' in cols) out.updatedBy = this.ctx.actor.name;
    if (creating && 'createdAt' in cols) out.createdAt = at;
    return out;
  }

  /** Adds a row; returns it as written. `id` is made when not given. */
  insert<T extends AnyTable>(
    table: T,
    row: Omit<NewRow<T>, Meta | 'id'> & { id?: string },
    prisonerId?: string,
  ): NewRow<T> & { id: string } {
    const info = tableInfo(table);
    let meta = this.created.get(info.name);
    if (!meta) this.created.set(info.name, (meta = this.meta(table, true)));
    // One copy of the row onto its bookkeeping, made as one object literal: V8 copies a wide row's properties into it
    // by the row's shape, where Object.assign onto an object begun with the id added them one by one (a caseload
    // file's 80,000 prisoners, 41 fields each: issue 18 item 3). The keys keep their order: id, bookkeeping, row.
    const full = (
      info.primaryKey === 'id' ? { id: row.id ?? this.ctx.newId(), ...meta, ...row } : { ...meta, ...row }
    ) as NewRow<T> & { id: string };
    this.changes.push({
      op: 'insert',
      table: info.name,
      row: full as Record<string, unknown>,
      prisonerId:
        prisonerId ??
        (info.prisonerKey ? ((full as Record<string, unknown>)[info.prisonerKey] as string) : null),
    });
    return full;
  }

  update<T extends AnyTable>(
    table: T,
    key: string | number,
    set: Partial<Omit<NewRow<T>, Meta>>,
    prisonerId?: string,
  ): void {
    const info = tableInfo(table);
    this.changes.push({
      op: 'update',
      table: info.name,
      key,
      set: { ...this.meta(table, false), ...set },
      ...(prisonerId ? { prisonerId } : {}),
    });
  }

  delete<T extends AnyTable>(table: T, key: string | number, prisonerId?: string): void {
    this.changes.push({
      op: 'delete',
      table: tableInfo(table).name,
      key,
      ...(prisonerId ? { prisonerId } : {}),
    });
  }

  record(entry: AuditInput): void {
    this.audit.push(entry);
  }

  /** What has been collected so far, handed over and forgotten: a part of a decision made as it is applied. */
  take(): DecisionPart {
    return { changes: this.changes.splice(0), audit: this.audit.splice(0) };
  }

  done<R>(result: R): Decision<R> {
    return { changes: this.changes, audit: this.audit, result };
  }
}

/** A row as read, for decisions that compare with what is there. */
export type Current<T extends AnyTable> = Row<T>;
