import type { UnitCredentialLink, Unreachable } from '../domain/credentials/store';
import type { Sync } from './engine';
import { OfflineError } from './transport';

/** The credential store's view of the unit server (electron/domain/credentials/unit-store.ts), over the sync engine. */
export function unitCredentialLink(sync: () => Sync): UnitCredentialLink {
  const offline = async <T>(call: () => Promise<T>): Promise<T | Unreachable> => {
    try {
      return await call();
    } catch (e) {
      if (e instanceof OfflineError) return { ok: false, reason: 'unreachable', message: e.message };
      throw e;
    }
  };
  return {
    joined() {
      const l = sync().link();
      return l ? { serverUrl: l.serverUrl, prison: l.prison } : null;
    },
    signIn: (staffId, password) => offline(() => sync().signInOnline(staffId, password)),
    setPasswordWithCode: (staffId, code, password) =>
      offline(() => sync().setPasswordWithCode(staffId, code, password)),
    changePassword: (staffId, current, next) =>
      offline(() => sync().changePasswordOnline(staffId, current, next)),
    cached: (staffId) => sync().cachedCredential(staffId),
    forgetPrevious: (staffId) => sync().forgetPreviousPassword(staffId),
  };
}
