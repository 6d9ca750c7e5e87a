import { Component, useEffect, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import { call } from '../api/client';

/**
 * A page that fails to draw (an answer it cannot read, a fault of the page's own) shows what happened in plain words
 * instead of an empty window, with the menu above it still there; the next page drawn starts afresh. The failure goes
 * to the workstation's log of unexpected failures (electron/app/error-log.ts) with a reference the page shows, as
 * the doors' own failures do. Nothing of the error's message is shown or sent: it can quote what the page was drawing.
 */
export function PageFailureBoundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return <Boundary key={pathname}>{children}</Boundary>;
}

class Boundary extends Component<{ children: ReactNode }, { failed: Error | null }> {
  override state = { failed: null as Error | null };

  static getDerivedStateFromError(failed: Error) {
    return { failed };
  }

  override render() {
    const { failed } = this.state;
    return failed ? (
      <PageFailed error={failed} retry={() => this.setState({ failed: null })} />
    ) : (
      this.props.children
    );
  }
}

/** The page's place in the app without the prisoner it was about (his number is case data). */
const pageName = (pathname: string) => pathname.replace(/^\/prisoners\/(?!new$)[^/]+/, '/prisoners/(number)');

/** The error's class and where it happened (its stack's frames), without its message. */
function described(error: Error) {
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at\s/.test(line));
  return { error: (error.name || 'Error').slice(0, 100), stack: frames.join('\n').slice(0, 8000) };
}

function PageFailed({ error, retry }: { error: Error; retry: () => void }) {
  const { pathname } = useLocation();
  const [reference, setReference] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    call('app/report-page-failure', { page: pageName(pathname), ...described(error) })
      .then((r) => live && setReference(r.reference))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [error, pathname]);
  return (
    <div className="govuk-error-summary" role="alert" tabIndex={-1} data-testid="page-failed">
      <h2 className="govuk-error-summary__title">This page could not be shown</h2>
      <div className="govuk-error-summary__body">
        <p className="govuk-body">
          OMU Desk had a problem of its own drawing this page, not anything you entered. What was saved before
          is kept; anything typed on this page and not yet saved was not.
        </p>
        <p className="govuk-body">
          Try again, or go to another page from the menu above. If it happens again, tell whoever supports OMU
          Desk at your unit
          {reference ? (
            <>
              , quoting reference <strong data-testid="page-failed-reference">{reference}</strong>
            </>
          ) : null}
          .
        </p>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={retry}>
          Try again
        </button>
      </div>
    </div>
  );
}
