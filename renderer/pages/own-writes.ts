/**
 * What a page has written into the address (the caseload's search, typed) and the page has not yet taken up, oldest
 * first: when the address changes, whether it is one of those writes coming back, which must not touch what the person
 * typed meanwhile, or someone else's change (Back, "Clear filters"), which the box then shows.
 *
 * Writes can overtake one another on a slow workstation: the page writes "A6221Z", the person types "S" and the page
 * writes "A6221ZS" before the list has taken up the first; the first coming back is still the page's own (a
 * fresh-clone CI run, 28/11/2026 09:45: remembering only the last write, the box read "A6221Z" with the list showing
 * A6221ZS). tests/unit/renderer/own-writes.test.ts; the page's use of it, tests/e2e/caseload-search.test.ts.
 */
export class OwnWrites {
  private pending: string[] = [];

  /** The page has written `value` into the address. */
  wrote(value: string): void {
    this.pending.push(value);
  }

  /**
   * The address now says `value`: true when it is the page's own write coming back (it, and every write before it, is
   * then done with), false when someone else changed it (every write still waiting is then forgotten).
   */
  cameBack(value: string): boolean {
    const own = this.pending.indexOf(value);
    if (own >= 0) {
      this.pending.splice(0, own + 1);
      return true;
    }
    this.pending = [];
    return false;
  }
}
