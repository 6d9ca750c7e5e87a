/**
 * A page refused while this workstation joins a unit server (code 'busy': the join holds the caseload half-written,
 * electron/sync/engine.ts) comes back by itself when the join has finished: the join's progress is still answered
 * meanwhile, so it is asked every `everyMs` until no join is running. True when the page should ask again; false when
 * it is no longer wanted (the person moved on, or asked something else).
 */
export async function waitForJoinToEnd(
  progress: () => Promise<{ running: unknown }>,
  options: { stillWanted: () => boolean; everyMs?: number },
): Promise<boolean> {
  const every = options.everyMs ?? JOIN_POLL_MS;
  for (;;) {
    await new Promise<void>((resolve) => setTimeout(resolve, every));
    if (!options.stillWanted()) return false;
    const now = await progress().catch(() => null);
    if (!options.stillWanted()) return false;
    if (now && now.running === null) return true;
  }
}

/** How often a refused page asks whether the join has finished. */
export const JOIN_POLL_MS = 1000;
