/**
 * How often a signed-in page tells the main process about keyboard and pointer activity (at most), and how often it
 * asks whether the session has locked or the person's roles have changed (renderer/stores/session-guards.ts). In a
 * module of their own, with nothing else, so that a test can read them without loading the page's modules (the
 * end-to-end test of a role changed elsewhere moves the page's clock on by exactly one check).
 */
export const ACTIVITY_EVERY_MS = 30_000;
export const SESSION_CHECK_EVERY_MS = 15_000;
