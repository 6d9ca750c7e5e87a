import { useEffect, useRef } from 'react';

/** The window's title when no page has one (index.html's). */
export const APP_TITLE = 'OMU Desk';

/**
 * The titles of the pages drawn now, in the order they were drawn: the last one is the window's. A screen drawn over a
 * page (the lock screen over the signed-in pages, kept mounted while locked) takes the title while it is shown and gives
 * it back when it goes; a page left gives it up, so no page's title outlives it.
 */
const drawn: { title: string }[] = [];
const show = () => {
  document.title = drawn.at(-1)?.title ?? APP_TITLE;
};

/**
 * The window title for the page: its own name first ("Obligations – A1234BC – OMU Desk"), so tabs, history and a screen
 * reader's window list read well (WCAG 2.4.2 Page Titled; GOV.UK Design System, "Page template": the page's own
 * heading first, then the service's name). Reset when the page is left (issue 12, item 10).
 */
export function usePageTitle(...parts: (string | null | undefined)[]): void {
  const title = [...parts.filter((p): p is string => !!p), APP_TITLE].join(' – ');
  const entry = useRef<{ title: string } | null>(null);
  useEffect(() => {
    const mine = { title: '' };
    entry.current = mine;
    drawn.push(mine);
    return () => {
      drawn.splice(drawn.indexOf(mine), 1);
      entry.current = null;
      show();
    };
  }, []);
  useEffect(() => {
    if (entry.current) entry.current.title = title;
    show();
  }, [title]);
}
