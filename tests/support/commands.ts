import type { OmuApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';
import type { OpInput, OpName, OpResult } from '../../electron/api/contract';
import { OPERATION_ALIASES } from '../../electron/core/operation-aliases';

/**
 * Runs an operation through the router as the person signed in on `app` (as every door does), returning its
 * value or throwing an Error whose message is the refusal's, with `code` and `field` on it.
 */
export async function run<K extends OpName>(app: OmuApp, name: K, input: OpInput<K>): Promise<OpResult<K>> {
  const res = await createRouter(app, 'http').handle(name, input);
  if (!res.ok)
    throw Object.assign(new Error(res.error.message), { code: res.error.code, field: res.error.field });
  return res.value as OpResult<K>;
}

/** An operation's name before issue 15's renaming, from the alias map (so that no test spells an old name out). */
export function oldNameOf(name: OpName): string {
  const found = Object.entries(OPERATION_ALIASES).find(([, now]) => now === name);
  if (!found) throw new Error(`${name} has no old name`);
  return found[0];
}

/** What an operation's refusal says (code, field and message), or null when it was not refused. */
export const refusalOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: Error & { code?: string; field?: string }) => ({ code: e.code, field: e.field, message: e.message }),
  );

/** The router's answer as a test reads it: a value, or a refusal with its code, words and field. */
export type Answer =
  { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; field?: string } };

/** An answer's value, or an Error with the refusal's code and words. */
export function valueOf<T>(r: Answer): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
