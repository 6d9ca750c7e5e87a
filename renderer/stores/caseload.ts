import { create } from 'zustand';
import type { CaseloadQuery, CaseloadRow } from '../../electron/domain/caseload/service';
import { call, errorMessage } from '../api/client';

export const PAGE_SIZE = 100;

export type CaseloadFilters = Omit<CaseloadQuery, 'offset' | 'limit'>;

interface CaseloadState {
  filters: CaseloadFilters;
  total: number | null;
  /** Rows by page number; pages are fetched as the list scrolls to them. */
  pages: Record<number, CaseloadRow[]>;
  loading: Record<number, boolean>;
  generation: number;
  error: string | null;
  setFilters(patch: Partial<CaseloadFilters>): void;
  clearFilters(): void;
  ensurePages(first: number, last: number): void;
  reload(): void;
}

const DEFAULT_FILTERS: CaseloadFilters = { search: '', rosh: [], mappaLevel: [], category: [], sort: 'releaseDate', direction: 'asc' };

export const useCaseload = create<CaseloadState>((set, get) => ({
  filters: DEFAULT_FILTERS,
  total: null,
  pages: {},
  loading: {},
  generation: 0,
  error: null,
  setFilters(patch) {
    set((s) => ({ filters: { ...s.filters, ...patch }, pages: {}, loading: {}, total: null, generation: s.generation + 1 }));
    get().ensurePages(0, 0);
  },
  clearFilters() {
    get().setFilters({ ...DEFAULT_FILTERS, pomId: undefined, releaseWithinWeeks: undefined });
  },
  reload() {
    set((s) => ({ pages: {}, loading: {}, generation: s.generation + 1 }));
    get().ensurePages(0, 0);
  },
  ensurePages(first, last) {
    for (let page = first; page <= last; page++) {
      const { pages, loading, filters, generation } = get();
      if (pages[page] || loading[page]) continue;
      set((s) => ({ loading: { ...s.loading, [page]: true } }));
      call('caseload.query', { ...filters, offset: page * PAGE_SIZE, limit: PAGE_SIZE })
        .then((result) => {
          if (get().generation !== generation) return;
          set((s) => ({ total: result.total, pages: { ...s.pages, [page]: result.rows }, loading: { ...s.loading, [page]: false }, error: null }));
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
