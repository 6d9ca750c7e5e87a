import { settings } from '../../../db/schema';
import { Changes, command } from '../../core/operations';
import { DEFAULT_IDLE_LOCK_MINUTES, IDLE_LOCK_KEY, idleLockSchema } from './settings';

/** The sign-in settings on the Staff page (renderer/components/SignInAdmin.tsx). */
const IDLE_LOCK_LABELS = { minutes: 'Lock OMU Desk after this many minutes without use' };

/** The unit's sign-in settings that are case data (shared with the unit, replayed): when sessions lock. */
export const sessionCommands = {
  'session/set-idle-lock': command({
    input: idleLockSchema,
    allow: ['administrator'],
    action: 'change when OMU Desk locks',
    labels: IDLE_LOCK_LABELS,
    reauth: true,
    load: (read) => read.one(settings, { key: IDLE_LOCK_KEY }),
    decide(current, { minutes }, ctx) {
      const changes = new Changes(ctx);
      const before = Number(current?.value) || DEFAULT_IDLE_LOCK_MINUTES;
      if (current) changes.update(settings, IDLE_LOCK_KEY, { value: String(minutes) });
      else changes.insert(settings, { key: IDLE_LOCK_KEY, value: String(minutes) });
      changes.record({
        action: 'update',
        entity: 'settings',
        entityId: IDLE_LOCK_KEY,
        summary: `OMU Desk now locks after ${minutes} minutes idle (was ${before})`,
        before: { minutes: before },
        after: { minutes },
      });
      return changes.done({ minutes });
    },
  }),
};
