import { pgTwins, serverTables } from './schema';

/** Every PostgreSQL table of the unit server, keyed for drizzle-kit: the case tables' twins and the server's own. */
export const serverSchema: Record<string, unknown> = {
  ...Object.fromEntries([...pgTwins].map(([name, t]) => [`case_${name}`, t])),
  ...serverTables,
};
