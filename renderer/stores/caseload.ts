import { create } from 'zustand';
import type { CaseloadQuery, CaseloadRow } from '../../shared/caseload';
import { CATEGORIES, RISK_LEVELS } from '../../shared/caseload';
import { call, errorMessage } from '../api/client';

export const PAGE_SIZE = 100;

export type CaseloadFilters = Omit<CaseloadQuery, 'offset' | 'limit'>;

interface CaseloadState {
  filters: CaseloadFilters;
  total: number | null;
  /** How many held prisoners' release has passed with none to come and no release recorded (CaseloadPage). */
  releasePassed: number | null;
  /** How many held prisoners have no POM, on the whole caseload (CaseloadPage). */
  unallocated: number | null;
  /** Rows by page number; pages are fetched as the list scrolls to them. */
  pages: Record<number, CaseloadRow[]>;
  loading: Record<number, boolean>;
  generation: number;
  error: string | null;
  setFilters(patch: Partial<CaseloadFilters>): void;
  clearFilters(): void;
  /** Fetches the pages not yet held; `refresh` fetches them again, keeping the rows held until the new ones arrive. */
  ensurePages(first: number, last: number, refresh?: boolean): void;
  reload(): void;
}

export const DEFAULT_FILTERS: CaseloadFilters = {
  search: '',
  rosh: [],
  mappaLevel: [],
  category: [],
  status: 'held',
  sort: 'releaseDate',
  direction: 'asc',
};

export const useCaseload = create<CaseloadState>((set, get) => ({
  filters: DEFAULT_FILTERS,
  total: null,
  releasePassed: null,
  unallocated: null,
  pages: {},
  loading: {},
  generation: 0,
  error: null,
  setFilters(patch) {
    set((s) => ({
      filters: { ...s.filters, ...patch },
      pages: {},
      loading: {},
      total: null,
      generation: s.generation + 1,
    }));
    get().ensurePages(0, 0);
  },
  clearFilters() {
    get().setFilters({ ...DEFAULT_FILTERS, pomId: undefined, releaseWithinWeeks: undefined });
  },
  reload() {
    // The rows shown stay until their fresh copies arrive (a sync that pulled changes reloads the list under the
    // user's eyes: emptying it first made every name blink out); each page held is asked for again.
    const shown = Object.keys(get().pages).map(Number);
    set((s) => ({ loading: {}, generation: s.generation + 1 }));
    for (const page of shown.length ? shown : [0]) get().ensurePages(page, page, true);
  },
  ensurePages(first, last, refresh = false) {
    for (let page = first; page <= last; page++) {
      const { pages, loading, filters, generation } = get();
      if ((pages[page] && !refresh) || loading[page]) continue;
      set((s) => ({ loading: { ...s.loading, [page]: true } }));
      call('caseload/query', { ...filters, offset: page * PAGE_SIZE, limit: PAGE_SIZE })
        .then((result) => {
          if (get().generation !== generation) return;
          set((s) => ({
            total: result.total,
            releasePassed: result.releasePassed ?? s.releasePassed,
            unallocated: result.unallocated ?? s.unallocated,
            pages: { ...s.pages, [page]: result.rows },
            loading: { ...s.loading, [page]: false },
            error: null,
          }));
        })
        .catch((e) => {
          if (get().generation !== generation) return;
          set((s) => ({ error: errorMessage(e), loading: { ...s.loading, [page]: false } }));
        });
    }
  },
}));

export function rowAt(pages: Record<number, CaseloadRow[]>, index: number): CaseloadRow | undefined {
  return pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE];
}

/**
 * The caseload's filters as the address writes them (`#/caseload?rosh=high,very-high&sort=name`), defaults left out, so
 * Back returns to the same list (issue 12, item 10); and read back. Values the service would refuse are dropped.
 */
export function filtersToParams(f: CaseloadFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.search) p.set('search', f.search);
  if (f.pomId) p.set('pom', f.pomId);
  for (const [k, list] of [
    ['rosh', f.rosh],
    ['mappa', f.mappaLevel],
    ['category', f.category],
  ] as const)
    if (list?.length) p.set(k, list.join(','));
  if (f.releaseWithinWeeks) p.set('within', String(f.releaseWithinWeeks));
  if (f.status && f.status !== DEFAULT_FILTERS.status) p.set('status', f.status);
  if (f.sort && f.sort !== DEFAULT_FILTERS.sort) p.set('sort', f.sort);
  if (f.direction && f.direction !== DEFAULT_FILTERS.direction) p.set('direction', f.direction);
  return p;
}

// The service's CASELOAD_SORT_KEYS (not imported: the service module brings the database code with it).
const SORT_KEYS: readonly NonNullable<CaseloadFilters['sort']>[] = [
  'releaseDate',
  'name',
  'prisonerNumber',
  'rosh',
  'category',
  'pom',
  'location',
  'sentenceExpiryDate',
];

// The service's CASELOAD_STATUSES.
const STATUSES: readonly NonNullable<CaseloadFilters['status']>[] = ['held', 'release-passed', 'released'];

export function filtersFromParams(p: URLSearchParams): CaseloadFilters {
  const list = <T extends string>(key: string, allowed: readonly T[]) =>
    (p.get(key) ?? '').split(',').filter((v): v is T => (allowed as readonly string[]).includes(v));
  const weeks = Number(p.get('within'));
  const sort = p.get('sort');
  return {
    ...DEFAULT_FILTERS,
    search: p.get('search') ?? '',
    pomId: p.get('pom') || undefined,
    rosh: list('rosh', RISK_LEVELS),
    mappaLevel: list('mappa', ['1', '2', '3', 'none'] as const),
    category: list('category', CATEGORIES),
    releaseWithinWeeks: Number.isInteger(weeks) && weeks >= 1 && weeks <= 520 ? weeks : undefined,
    status: (STATUSES as readonly string[]).includes(p.get('status') ?? '')
      ? (p.get('status') as CaseloadFilters['status'])
      : DEFAULT_FILTERS.status,
    sort: (SORT_KEYS as readonly string[]).includes(sort ?? '')
      ? (sort as CaseloadFilters['sort'])
      : DEFAULT_FILTERS.sort,
    direction: p.get('direction') === 'desc' ? 'desc' : 'asc',
  };
}
