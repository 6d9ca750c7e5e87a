import type { ApiClient, ApiError, ApiResponse, OpInput, OpName, OpResult } from '../../shared/api';
import { waitUntilFree } from './hold-wait';

declare global {
  interface Window {
    /** Set by the Electron preload script; absent in a browser. */
    omu?: { send(name: string, input: unknown): Promise<ApiResponse<unknown>> };
  }
}

/** The browser door: the same operations over the local HTTP server that served this page. */
function httpClient(): ApiClient {
  const token = document.querySelector<HTMLMetaElement>('meta[name="omu-token"]')?.content ?? '';
  return {
    async send(name, input) {
      const res = await fetch(`./api/${name.split('/').map(encodeURIComponent).join('/')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-omu-token': token },
        body: JSON.stringify(input ?? {}),
      });
      return (await res.json()) as never;
    },
  };
}

const client: ApiClient = window.omu
  ? { send: (name, input) => window.omu!.send(name, input) as never }
  : httpClient();

export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

/** Asks the person for their password again (the dialog in ReauthDialog.tsx); true once it has been confirmed. */
type Reauthenticate = (message: string, operation: string) => Promise<boolean>;
let reauthenticate: Reauthenticate | null = null;
export function setReauthenticate(fn: Reauthenticate | null): void {
  reauthenticate = fn;
}

/** Told when a call finds the session locked or signed out (idle lock, another door), so the screen can follow. */
const sessionLost = new Set<() => void>();
export function onSessionLost(fn: () => void): () => void {
  sessionLost.add(fn);
  return () => sessionLost.delete(fn);
}

/**
 * Told when a call is refused for who the person is ('forbidden'): their roles may have changed since the screen was
 * drawn (an administrator elsewhere), so the screen asks for the session again and offers only what they now may.
 */
const refusedForRole = new Set<() => void>();
export function onRefusedForRole(fn: () => void): () => void {
  refusedForRole.add(fn);
  return () => refusedForRole.delete(fn);
}

/** Calls an operation without the password dialog or session checks: for the sign-in screens themselves. */
export async function send<K extends OpName>(name: K, input: OpInput<K>): Promise<ApiResponse<OpResult<K>>> {
  return client.send(name, input);
}

/**
 * Calls an operation and returns its result, or throws ApiCallError with the service's message. A decision of
 * record whose password is stale asks for it again and, once confirmed, is sent once more.
 */
export async function call<K extends OpName>(name: K, input: OpInput<K>): Promise<OpResult<K>> {
  let res = await client.send(name, input);
  if (!res.ok && res.error.code === 'reauthentication-required' && reauthenticate) {
    if (await reauthenticate(res.error.message, name)) res = await client.send(name, input);
  }
  if (!res.ok && (res.error.code === 'locked' || res.error.code === 'not-signed-in'))
    sessionLost.forEach((fn) => fn());
  if (!res.ok && res.error.code === 'forbidden') refusedForRole.forEach((fn) => fn());
  if (!res.ok) throw new ApiCallError(res.error);
  return res.value;
}

export const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * A load refused while this app holds the caseload (a join to a unit server or the demo loading: code 'held') is
 * asked `again` by itself once the hold has ended (renderer/api/hold-wait.ts), while `stillWanted`. A database busy
 * with another program (code 'busy') is not: its message says who is writing, and the person tries again.
 */
export function askAgainWhenFree(e: unknown, again: () => void, stillWanted: () => boolean): void {
  if (e instanceof ApiCallError && e.error.code === 'held')
    void waitUntilFree((waitMs) => call('app/held', { waitMs }), { stillWanted }).then((yes) => {
      if (yes) again();
    });
}
