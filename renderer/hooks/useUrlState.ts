import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * A view's filters, scopes, tabs and page kept in the address (`#/?scope=unit&status=due-soon`), so Back returns to the
 * same view and a view can be linked to. Values equal to their default are left out of the address.
 */
export function useUrlState<T extends Record<string, string>>(defaults: T): [T, (patch: Partial<T>) => void] {
  const [params, setParams] = useSearchParams();
  // The defaults by value: a caller writes them inline, a new object at every render.
  const key = JSON.stringify(defaults);
  const stableDefaults = useMemo(() => JSON.parse(key) as T, [key]);
  const state = useMemo(() => {
    const out: Record<string, string> = {};
    for (const [k, d] of Object.entries(stableDefaults)) out[k] = params.get(k) ?? d;
    return out as T;
  }, [params, stableDefaults]);
  const set = useCallback(
    (patch: Partial<T>) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v === undefined || v === (stableDefaults as Record<string, string>)[k]) next.delete(k);
          else next.set(k, v as string);
        }
        return next;
      });
    },
    [setParams, stableDefaults],
  );
  return [state, set];
}
