// How the pages benches (bench/pages.ts, bench/pages-ab.ts) time a click to a page's content, in the page itself: from
// the press of the mouse button (the mousedown's timeStamp, when the browser received it) to the end of the first frame
// that draws the content, named by one CSS selector: the first element the user needs, drawn only with the page's
// answer. The page looks for it at each animation frame; once there, that frame's style, layout and paint follow in
// the same task, and the end of that task is the time taken.
//
// Not Playwright's locator waits, as before 27/11/2026: those ask the page at 0, 20, 70, 170, 270 and 770 ms after they
// start (their backoff), so a page drawn at 180 ms was counted at 270; a text locator (`getByText('Add action')`) read
// the text of every element at each ask, 30-50 ms of a 3,341-element IRMT agenda's figure; and the frame waited for
// after it could hold work the page does after its content is on screen (the rest of the agenda's rows).
import type { Page } from 'playwright-core';

/** Each timed page's content: the first element the user needs, drawn only once the page's answer has arrived. */
export const CONTENT = {
  /** What is due (and signing in, which lands on it): the first row of the list. */
  due: '[data-testid="due-items"] tbody tr',
  caseload: 'tbody tr.omu-row',
  releases: '[data-testid="releases"] tbody tr',
  /** The IRMT agenda's first row. */
  agenda: '[data-testid="agenda"] tbody tr',
  /** The meeting arranged: the first row's "Add action". */
  agendaAction: '[data-testid="agenda"] tbody tr button[aria-expanded]',
  prisoner: '[data-testid="edit-prisoner"]',
} as const;

declare global {
  interface Window {
    /** The bench's: the ms from the press noted by `pressNoted` to its content drawn. */
    omuBenchDrawn?: Promise<number>;
  }
}

/**
 * Just before a click: from the next press of the mouse button in `page`, looks for `selector` at each animation frame
 * and notes the ms from the press to the end of the frame that first draws it. The page does it all, so the figure
 * does not hold the bench's own round trips to the page. Sent as text: tsx names a function passed to `evaluate` with
 * a helper (`__name`) the page does not have, and a named function inside one failed there unseen.
 */
export async function pressNoted(page: Page, selector: string): Promise<void> {
  await page.evaluate(`(${IN_PAGE})(${JSON.stringify(selector)})`);
}
const IN_PAGE = `(selector) => {
  window.omuBenchDrawn = new Promise((resolve, reject) => {
    const give = setTimeout(() => reject(new Error('bench: ' + selector + ' not drawn within 60 s')), 60000);
    window.addEventListener('mousedown', (press) => {
      const check = () => {
        if (!document.querySelector(selector)) {
          requestAnimationFrame(check);
          return;
        }
        // In a frame's animation callbacks: its style, layout and paint follow; a message is taken after them.
        const after = new MessageChannel();
        after.port1.onmessage = () => {
          clearTimeout(give);
          resolve(performance.now() - press.timeStamp);
        };
        after.port2.postMessage(null);
      };
      requestAnimationFrame(check);
    }, { capture: true, once: true });
  });
}`;

/** The ms from the press to the content drawn, noted by `pressNoted` (waits for it). */
export async function drawnAfterPress(page: Page): Promise<number> {
  return page.evaluate(() => window.omuBenchDrawn!);
}
