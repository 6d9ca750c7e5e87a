import { withWriteTransaction } from '../../../db/write-transaction';
import type { CallContext, Store } from './context';

/**
 * Runs a service's change in one IMMEDIATE write transaction (db/write-transaction.ts), saying what it is and who
 * makes it, so that another process kept waiting can tell its user ("a change to a prisoner started at 10:42 by
 * Lisa Marsh is writing"). `what` reads as a noun phrase.
 */
export function writeTransaction<T>(store: Store, ctx: CallContext, what: string, fn: () => T): T {
  return withWriteTransaction(store.sqlite, { what, who: ctx.actor.name }, fn);
}
