import { useEffect } from 'react';
import { call, onSessionLost } from '../api/client';
import { useSession } from './session';

const ACTIVITY_EVERY_MS = 30_000;
const CHECK_EVERY_MS = 15_000;

/**
 * While someone is signed in: tells the main process about keyboard and pointer activity (at most every 30 s), asks
 * it every 15 s whether the session has locked through inactivity (the main process's clock decides, so that a
 * renderer cannot keep a session open), locks on Ctrl+L (Cmd+L on a Mac), and follows a lock or sign-out found by
 * any call.
 */
export function useSessionGuards(): void {
  const refresh = useSession((s) => s.refresh);
  const checkSession = useSession((s) => s.checkSession);
  const lock = useSession((s) => s.lock);
  useEffect(() => {
    let lastSent = 0;
    const active = () => {
      const now = Date.now();
      if (now - lastSent < ACTIVITY_EVERY_MS) return;
      lastSent = now;
      void call('session/record-activity', {}).catch(() => undefined);
    };
    const keys = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        void lock();
        return;
      }
      active();
    };
    const events = ['pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;
    for (const ev of events) window.addEventListener(ev, active, { passive: true });
    window.addEventListener('keydown', keys);
    const check = window.setInterval(() => void checkSession(), CHECK_EVERY_MS);
    const lost = onSessionLost(() => void refresh());
    return () => {
      for (const ev of events) window.removeEventListener(ev, active);
      window.removeEventListener('keydown', keys);
      window.clearInterval(check);
      lost();
    };
  }, [refresh, checkSession, lock]);
}
