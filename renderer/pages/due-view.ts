import type { OpInput, OpResult } from '../../shared/api';
import type { DueKind, DueSort, DueStatus, OwnerRole } from '../../shared/due';
import { call } from '../api/client';

/** The window of the What is due page: overdue items and those due in the next 8 weeks. */
export const WINDOW_DAYS = 56;
/** Rows on a page: 50, so the first page after signing in is drawn within 200 ms (100 took twice as long; issue 18 item 6). */
export const PAGE_ROWS = 50;
export const STATUSES: DueStatus[] = ['overdue', 'due-soon', 'upcoming'];
export const SORTS: [DueSort, string][] = [
  ['due', 'Due'],
  ['prisoner', 'Prisoner'],
  ['kind', 'What'],
  ['owner', 'Owner'],
];
/** The page's view as its address holds it (`#/?scope=unit&status=due-soon`), each value's default beside it. */
export const DUE_VIEW = {
  scope: 'mine',
  status: 'overdue',
  kind: '',
  owner: '',
  pom: '',
  sort: 'due',
  page: '1',
};
export type DueView = typeof DUE_VIEW;
type DuePageInput = OpInput<'due/page'>;

/** What the page shows for a view and the person signed in (`myName`), and the one request (`due/page`) that reads it. */
export function dueRequest(view: DueView, myName: string | undefined) {
  const scope: 'mine' | 'unit' = view.scope === 'unit' || !myName ? 'unit' : 'mine';
  const status = (STATUSES.includes(view.status as DueStatus) ? view.status : 'overdue') as DueStatus;
  const kinds = view.kind ? [view.kind as DueKind] : [];
  const query =
    scope === 'mine'
      ? { within: WINDOW_DAYS, ownedBy: myName!, kinds }
      : {
          within: WINDOW_DAYS,
          pomId: view.pom || undefined,
          ownerRole: (view.owner || undefined) as OwnerRole | undefined,
          kinds,
        };
  const sort = (SORTS.some(([k]) => k === view.sort) ? view.sort : 'due') as DueSort;
  const asked = Math.max(1, Math.floor(Number(view.page)) || 1);
  const input: DuePageInput = { ...query, status, sort, page: asked, pageRows: PAGE_ROWS };
  return { scope, status, query, sort, asked, input };
}

/**
 * The first page after signing in, asked for as soon as the sign-in is answered (issue 18, item 6). Asked by the page
 * itself once drawn, the list's request waited for the whole signed-in page to be drawn first, and the page was drawn
 * a second time when the list arrived. Now the session store waits for this answer with the others the signed-in
 * screens need (`apply`), and the page, drawn once, starts from it. `takeDueAhead` gives it once, to the page drawn
 * next, if it asks exactly the same (the view in the address, the same person) within AHEAD_FOR_MS of its arrival.
 */
let ahead: { key: string; value: OpResult<'due/page'>; at: number } | null = null;
const AHEAD_FOR_MS = 2000;

/** Asks for the What is due page's list ahead, when the address is that page's (`#/`); never fails (the page asks again). */
export async function askDueAhead(myName: string | undefined): Promise<void> {
  ahead = null;
  const hash = window.location.hash;
  const q = hash.indexOf('?');
  const path = (q < 0 ? hash : hash.slice(0, q)).replace(/^#/, '') || '/';
  if (path !== '/') return;
  const params = new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
  const view = { ...DUE_VIEW };
  for (const k of Object.keys(view) as (keyof DueView)[]) view[k] = params.get(k) ?? view[k];
  const { input } = dueRequest(view, myName);
  try {
    ahead = { key: JSON.stringify(input), value: await call('due/page', input), at: Date.now() };
  } catch {
    ahead = null;
  }
}

/**
 * The answer asked ahead for exactly this request, if it arrived within AHEAD_FOR_MS; then no more (it stays until the
 * end of the task, for React's second call of a state's initial value in development).
 */
export function takeDueAhead(input: DuePageInput): OpResult<'due/page'> | undefined {
  const kept = ahead;
  if (!kept || Date.now() - kept.at > AHEAD_FOR_MS || kept.key !== JSON.stringify(input)) return undefined;
  setTimeout(() => {
    if (ahead === kept) ahead = null;
  });
  return kept.value;
}
