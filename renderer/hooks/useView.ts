import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { ApiCallError, askAgainWhenFree, errorMessage } from '../api/client';
import { announce } from '../stores/announcer';
import { usePulled } from '../stores/sync';
import type { FieldError } from '../components/ErrorSummary';
import { formFields } from '../components/Field';

/** A notice or an error, shown next to the form or action (`at`) that caused it. */
export interface Feedback {
  at: string;
  kind: 'success' | 'error';
  message: string;
  /** Field problems, each with the field's id suffix (`field-<field>`), in the order the form shows them. */
  errors: FieldError[];
  /** What a change that was partly done did not do (a pack not written), each named with why: shown as a warning. */
  notDone?: string[];
}

/** What a change says it did, and, when only part of it was done, what it did not do. */
export type Outcome = string | { message: string; notDone: string[] };

/**
 * How a change is run: `fieldPrefix` maps the service's field names to the form's ids; `errors` replaces that mapping
 * when a form names its fields otherwise (a refusal without a field shown against the form's main field); `reload:
 * false` when what the page shows is not worth asking again (a checked file the change has just written); `doneAt`
 * when the form goes away once the change is made (a review started or cancelled), so its notice is shown where the
 * result now is instead, while a refusal still shows at the form (`at`).
 */
export interface ActOptions {
  fieldPrefix?: string;
  errors?: (e: unknown) => FieldError[];
  reload?: boolean;
  doneAt?: string;
}

const NO_ERRORS: FieldError[] = [];

/** For a view that loads nothing (a sign-in form): it still has one place for its changes, notices and errors. */
export const NOTHING_TO_LOAD = (): Promise<null> => Promise.resolve(null);

/**
 * The prefix of the fields of the form whose outcome shows at `at`: its field `name` is `field-<at>-<name>`, so two
 * forms on one page (or one form per row) never share an id. Pass it as `fieldPrefix` and take the form's ids from
 * `fields(at)`.
 */
export const formPrefix = (at: string) => `${at}-`;

/** Turns a refusal into field problems: the service names the field; `prefix` maps it to the form's ids. */
export function fieldErrors(e: unknown, prefix = ''): FieldError[] {
  if (e instanceof ApiCallError) {
    const list = e.error.fields?.length
      ? e.error.fields
      : [{ field: e.error.field ?? '', message: e.error.message }];
    // The first problem is the refusal's message (labelled as the form shows the field); the others are their own. Two
    // problems with one field (a programme not named, and so not an accredited one) each say theirs: matching on the
    // field said the first twice.
    return list.map((f, i) => ({
      field: f.field ? `${prefix}${f.field.split('.').pop()}` : '',
      message: i === 0 || !e.error.fields ? e.error.message : f.message,
    }));
  }
  return [{ field: '', message: errorMessage(e) }];
}

/**
 * One view's data: loaded with `load` whenever `deps` change and after a sync that brought changes (a late answer to an earlier request is dropped, so what is
 * shown is always the answer to what is asked now), and `act` for changes: it runs the change, reloads, and keeps the
 * notice or error with the place (`at`) that caused it, read out in the page's live region.
 */
export function useView<T>(load: () => Promise<T>, deps: DependencyList, first?: () => T | undefined) {
  // eslint-disable-next-line react-hooks/exhaustive-deps, react-hooks/use-memo -- useView passes on its caller's deps; exhaustive-deps checks them at every useView call (additionalHooks in eslint.config.js)
  const loader = useCallback(load, deps);
  // The last answer with the loader that gave it: when `deps` change, the loader is new and the old answer is not shown
  // (data is null until the new one arrives), without a state change inside the effect. `first`, when it has an answer
  // already (asked ahead, before the page was drawn), is the first answer: drawn at once and not asked for again.
  const [answer, setAnswer] = useState<{ loader: () => Promise<T>; value: T } | null>(() => {
    const value = first?.();
    return value === undefined ? null : { loader, value };
  });
  const given = useRef(answer !== null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  // Changes under way: a form's button is disabled while its change runs, so a second click does not send it twice.
  const [running, setRunning] = useState(0);
  const generation = useRef(0);
  const mounted = useRef(true);
  // The request of the page as it is now: what a page refused during a join asks again once the join has finished.
  const asked = useRef<(() => Promise<void>) | null>(null);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  // Asks `loader` and keeps its answer, unless a later request was made meanwhile (its answer wins).
  const request = useCallback((): Promise<void> => {
    const mine = ++generation.current;
    return loader().then(
      (value) => {
        if (mine === generation.current) {
          setAnswer({ loader, value });
          setLoadError(null);
        }
      },
      (e: unknown) => {
        if (mine !== generation.current) return;
        setLoadError(errorMessage(e));
        // Refused while this app joins a unit server or loads the demo (code 'held'): asked again by itself once that
        // has ended, unless the page has gone or asked something else meanwhile.
        askAgainWhenFree(
          e,
          () => void asked.current?.(),
          () => mounted.current && mine === generation.current,
        );
      },
    );
  }, [loader]);
  useEffect(() => {
    asked.current = request;
    if (given.current) given.current = false;
    else void request();
  }, [request]);
  // A sync brought changes (another workstation's, or this one's refused and taken back): shown without navigating.
  usePulled(request);
  const reload = request;
  const data = answer?.loader === loader ? answer.value : null;
  const setData = useCallback((value: T) => setAnswer({ loader, value }), [loader]);

  const say = useCallback((f: Feedback) => {
    setFeedback(f);
    announce(
      f.kind === 'error'
        ? `Error: ${f.errors.map((x) => x.message).join('. ')}`
        : [f.message, ...(f.notDone?.length ? [`Not done: ${f.notDone.join('. ')}`] : [])].join(' '),
    );
  }, []);

  /** Runs a change; on success reloads and shows `success` at `at`, on refusal shows the problems at `at`. */
  const act = useCallback(
    async <R>(
      at: string,
      fn: () => Promise<R>,
      success: string | ((r: R) => Outcome),
      opts: ActOptions = {},
    ): Promise<R | undefined> => {
      setRunning((n) => n + 1);
      try {
        const r = await fn();
        // Reloaded first, so that the notice speaks of what the page already shows.
        if (opts.reload !== false) await reload();
        const outcome = typeof success === 'string' ? success : success(r);
        const doneAt = opts.doneAt ?? at;
        say(
          typeof outcome === 'string'
            ? { at: doneAt, kind: 'success', message: outcome, errors: [] }
            : { at: doneAt, kind: 'success', message: outcome.message, errors: [], notDone: outcome.notDone },
        );
        return r;
      } catch (e) {
        const errors = opts.errors ? opts.errors(e) : fieldErrors(e, opts.fieldPrefix);
        say({ at, kind: 'error', message: errors[0]?.message ?? errorMessage(e), errors });
        return undefined;
      } finally {
        setRunning((n) => n - 1);
      }
    },
    [reload, say],
  );

  /** Runs a change as `act` does, and says whether it was made (a form keeps what was typed when it was not). */
  const attempt = useCallback(
    async <R>(
      at: string,
      fn: () => Promise<R>,
      success: string | ((r: R) => Outcome),
      opts: ActOptions = {},
    ): Promise<boolean> => {
      let made = false;
      await act(
        at,
        async () => {
          const r = await fn();
          made = true;
          return r;
        },
        success,
        opts,
      );
      return made;
    },
    [act],
  );

  /** Shows a problem found before calling the service (a date that does not parse). */
  const refuse = useCallback(
    (at: string, errors: FieldError[]) =>
      say({ at, kind: 'error', message: errors[0]?.message ?? '', errors }),
    [say],
  );

  return {
    data,
    /**
     * The last answer, even to an earlier request: what a page keeps showing of itself (a choice of meeting, its own
     * control) while the answer for a new choice is on its way, where `data` is null.
     */
    latest: answer?.value ?? null,
    loadError,
    feedback,
    /** A change is under way. */
    busy: running > 0,
    act,
    attempt,
    refuse,
    reload,
    setData,
    clearFeedback: () => setFeedback(null),
    feedbackAt: (at: string) => (feedback?.at === at ? feedback : null),
    /** The ids of the form at `at` and the problem about each field (refusals made with `fieldPrefix: formPrefix(at)`). */
    fields: (at: string) =>
      formFields(
        formPrefix(at),
        feedback?.at === at && feedback.kind === 'error' ? feedback.errors : NO_ERRORS,
      ),
    /** The problems shown at `at`, and the one about `field` (shown beside it, GOV.UK error message pattern). */
    errorsAt: (at: string) =>
      feedback?.at === at && feedback.kind === 'error' ? feedback.errors : NO_ERRORS,
    errorFor: (at: string, field: string) =>
      feedback?.at === at && feedback.kind === 'error'
        ? feedback.errors.find((e) => e.field === field)?.message
        : undefined,
  };
}
