import { z } from 'zod';

// Zod would otherwise probe for eval (`Function('')`) to compile faster parsers, which the CSP's script-src 'self'
// refuses and reports as a violation (electron/app/protocol.ts). Imported first by main.tsx, before any schema parses.
z.config({ jitless: true });
