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

/**
 * A request that failed because the connection it was sent on had been closed: the server (or a load balancer) shut a
 * kept-alive connection while this process's event loop was held (a snapshot written into SQLite, a large import),
 * so the pool still offered it, and the request sent on it never reached the server: "other side closed" (the
 * server's FIN), "write ECONNRESET" (a reset), "write EPIPE" (a FIN, then the reset the server's kernel sent to a
 * keep-alive probe once the closed connection had timed out: the joins of bench/sync.ts on a busy machine).
 */
function closedConnection(e: unknown): boolean {
  const cause = (e as Error).cause as { code?: string; syscall?: string } | undefined;
  return (
    cause?.code === 'UND_ERR_SOCKET' ||
    ((cause?.code === 'EPIPE' || cause?.code === 'ECONNRESET') && cause.syscall === 'write')
  );
}

/** How many times a request found its connection closed is sent again (each time the pool has let go of one more). */
const RESENDS = 2;

/**
 * JSON over HTTP(S) to the unit server; a refusal comes back as AppError, an unreachable server as OfflineError.
 * A request sent on a connection found closed is sent again: every call is safe to send twice (the server applies a
 * change once per workstation and mutation id, keeps a seed slice once by its number, and refuses a one-time code
 * already spent, as it would if the person tried again), and a closed connection is most often one the server let go
 * of while this workstation was busy, before the request reached it.
 */
export function httpTransport(baseUrl: string, options: { timeoutMs?: number } = {}): Transport {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    async call<T>(path: string, body: unknown, token?: string, callOptions: CallOptions = {}): Promise<T> {
      let res: Response | undefined;
      const json = JSON.stringify(body ?? {});
      for (let attempt = 0; !res; attempt++) {
        try {
          res = await fetch(`${base}/api/${path}`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(token ? { authorization: `Bearer ${token}` } : {}),
            },
            body: json,
            signal: AbortSignal.timeout(callOptions.timeoutMs ?? options.timeoutMs ?? 60_000),
          });
        } catch (e) {
          if (closedConnection(e) && attempt < RESENDS) continue;
          throw new OfflineError(
            `The unit server at ${base} cannot be reached (${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message})`,
          );
        }
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
