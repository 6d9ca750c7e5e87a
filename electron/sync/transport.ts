import { AppError } from '../domain/shared/errors';

/** The unit server cannot be reached (no network, server down, timed out): the workstation carries on offline. */
export class OfflineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OfflineError';
  }
}

/** The unit server answered and refused the request (a workstation it no longer knows, a request it will not take). */
export class RefusedByServer extends AppError {}

export interface CallOptions {
  /** How long to wait for the answer (default: the transport's, 60 s). */
  timeoutMs?: number;
}

export interface Transport {
  call<T>(path: string, body: unknown, token?: string, options?: CallOptions): Promise<T>;
}

/** JSON over HTTP(S) to the unit server; a refusal comes back as AppError, an unreachable server as OfflineError. */
export function httpTransport(baseUrl: string, options: { timeoutMs?: number } = {}): Transport {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    async call<T>(path: string, body: unknown, token?: string, callOptions: CallOptions = {}): Promise<T> {
      let res: Response;
      try {
        res = await fetch(`${base}/api/${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(body ?? {}),
          signal: AbortSignal.timeout(callOptions.timeoutMs ?? options.timeoutMs ?? 60_000),
        });
      } catch (e) {
        throw new OfflineError(
          `The unit server at ${base} cannot be reached (${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message})`,
        );
      }
      let payload: { ok: boolean; value?: T; error?: { code: string; message: string; field?: string } };
      try {
        payload = (await res.json()) as typeof payload;
      } catch {
        throw new OfflineError(`The unit server at ${base} answered ${res.status} without a usable reply`);
      }
      if (!payload.ok) {
        const err = payload.error ?? { code: 'internal', message: `The unit server answered ${res.status}` };
        throw new RefusedByServer(err.code as never, err.message, err.field);
      }
      return payload.value as T;
    },
  };
}
