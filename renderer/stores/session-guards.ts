import { useEffect } from 'react';
import { call, onRefusedForRole, onSessionLost } from '../api/client';
import { useSession } from './session';
import { useSync } from './sync';
import { ACTIVITY_EVERY_MS, SESSION_CHECK_EVERY_MS } from './session-timing';

/**
 * While someone is signed in: tells the main process about keyboard and pointer activity (at most every 30 s), asks
 * it every 15 s whether the session has locked through inactivity (the main process's clock decides, so that a
 * renderer cannot keep a session open), locks on Ctrl+L (Cmd+L on a Mac), and follows a lock or sign-out found by
 * any call. The session is asked again too when a call is refused for who the person is, when the window is come back
 * to, and when a sync brings changes: an administrator elsewhere may have changed their roles, and the screens offer
 * what the session says they may.
 */
export function useSessionGuards(): void {
  const refresh = useSession((s) => s.refresh);
  const checkSession = useSession((s) => s.checkSession);
  const lock = useSession((s) => s.lock);
  const pulls = useSync((s) => s.pulls);
  useEffect(() => {
    if (pulls > 0) void checkSession();
  }, [pulls, checkSession]);
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
    const check = window.setInterval(() => void checkSession(), SESSION_CHECK_EVERY_MS);
    const lost = onSessionLost(() => void refresh());
    const refused = onRefusedForRole(() => void checkSession());
    const back = () => {
      if (document.visibilityState === 'visible') void checkSession();
    };
    window.addEventListener('focus', back);
    document.addEventListener('visibilitychange', back);
    return () => {
      for (const ev of events) window.removeEventListener(ev, active);
      window.removeEventListener('keydown', keys);
      window.removeEventListener('focus', back);
      document.removeEventListener('visibilitychange', back);
      refused();
      window.clearInterval(check);
      lost();
    };
  }, [refresh, checkSession, lock]);
}
