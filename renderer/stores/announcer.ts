import { create } from 'zustand';

/** What the page's live region says: every notice and error is read out by screen readers wherever focus is. */
export const useAnnouncer = create<{ message: string; count: number; announce(message: string): void }>(
  (set) => ({
    message: '',
    count: 0,
    announce: (message) => set((s) => ({ message, count: s.count + 1 })),
  }),
);

export const announce = (message: string) => useAnnouncer.getState().announce(message);
