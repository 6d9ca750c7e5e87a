import type { ApiClient, ApiError, ApiResponse, OpInput, OpName, OpResult } from '../../electron/api/contract';

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
      const res = await fetch(`./api/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-omu-token': token },
        body: JSON.stringify(input ?? {}),
      });
      return (await res.json()) as never;
    },
  };
}

const client: ApiClient = window.omu ? { send: (name, input) => window.omu!.send(name, input) as never } : httpClient();

export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

/** Calls an operation and returns its result, or throws ApiCallError with the service's message. */
export async function call<K extends OpName>(name: K, input: OpInput<K>): Promise<OpResult<K>> {
  const res = await client.send(name, input);
  if (!res.ok) throw new ApiCallError(res.error);
  return res.value;
}

export const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));
