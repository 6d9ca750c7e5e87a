import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { settings } from '../../../db/schema';
import type { Store } from '../shared/context';

/** Every demo staff member's password (documented in the README). Refused as anyone's own new password. */
export const DEMO_PASSWORD = 'demo-password';

export const DEFAULT_IDLE_LOCK_MINUTES = 10;
export const IDLE_LOCK_KEY = 'session-idle-lock-minutes';
/** The setting the demo's load writes ('yes'): the sign-in page then shows the demo password. */
export const DEMO_CASELOAD_KEY = 'demo-caseload';

export const idleLockSchema = z.lazy(() =>
  z.object({
    minutes: z
      .number({ message: 'must be a whole number of minutes' })
      .int('must be a whole number of minutes')
      .min(1, 'must be at least 1 minute')
      .max(60, 'must be 60 minutes or fewer'),
  }),
);

const setting = (store: Store, key: string) =>
  store.db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get()?.value;

/** Minutes of inactivity after which a session locks (the unit's setting, else 10). */
export function idleLockMinutes(store: Store): number {
  const v = Number(setting(store, IDLE_LOCK_KEY));
  return Number.isInteger(v) && v > 0 ? v : DEFAULT_IDLE_LOCK_MINUTES;
}

export const isDemoCaseload = (store: Store) => setting(store, DEMO_CASELOAD_KEY) === 'yes';
