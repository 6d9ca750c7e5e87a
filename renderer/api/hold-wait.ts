/**
 * A page refused while this app holds the caseload half-written (code 'held': a join to a unit server, or the demo
 * caseload loading, electron/app/hold.ts) comes back by itself when the hold has ended. `app/held` is answered
 * meanwhile and, asked with a wait, answers when the hold ends (the app is told by its end) or after `waitMs`: the
 * page asks again at once, not on the next tick of a timer. True when the page should ask again; false when it is no
 * longer wanted (the person moved on, or asked something else). Code 'busy' (another program writing the database)
 * does not come here: it is said, with who is writing, and the person tries again.
 */
export async function waitUntilFree(
  held: (waitMs: number) => Promise<{ held: unknown }>,
  options: { stillWanted: () => boolean; waitMs?: number; afterFailureMs?: number },
): Promise<boolean> {
  for (;;) {
    if (!options.stillWanted()) return false;
    const now = await held(options.waitMs ?? HELD_WAIT_MS).catch(() => null);
    if (!options.stillWanted()) return false;
    if (now && now.held === null) return true;
    // The question itself failed (a browser tab's connection dropped): not asked again in a tight loop.
    if (!now)
      await new Promise<void>((resolve) => setTimeout(resolve, options.afterFailureMs ?? AFTER_FAILURE_MS));
  }
}

/** How long one `app/held` question waits for the hold to end before it answers how far it has got. */
export const HELD_WAIT_MS = 20_000;
/** How long a page waits before asking again when the question itself failed. */
const AFTER_FAILURE_MS = 1000;
