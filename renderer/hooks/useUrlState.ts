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
      const next = addressNow(params);
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || v === (stableDefaults as Record<string, string>)[k]) next.delete(k);
        else next.set(k, v as string);
      }
      setParams(next);
    },
    [params, setParams, stableDefaults],
  );
  return [state, set];
}

/**
 * The address's parameters as they are now. react-router hands `setSearchParams`'s updater the parameters of the last
 * drawn page, so two changes made before the page drew again (Whole unit, then Kind at once) lost the first. The hash
 * router writes the address at once, so it is read from there.
 */
function addressNow(drawn: URLSearchParams): URLSearchParams {
  const hash = window.location.hash;
  if (!hash.startsWith('#/')) return new URLSearchParams(drawn);
  const q = hash.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
}
