import { useEffect } from 'react';

/** The window title for the page: its own name first ("Obligations – A1234BC – OMU Desk"), so tabs and history read well. */
export function usePageTitle(...parts: (string | null | undefined)[]): void {
  const title = [...parts.filter((p): p is string => !!p), 'OMU Desk'].join(' – ');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
