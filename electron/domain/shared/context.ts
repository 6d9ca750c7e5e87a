import type Database from 'better-sqlite3';
import type { Db } from '../../../db/open';
import type { IsoDate } from './dates';
import type { Role } from '../staff/roles';

/**
 * Who is acting: a staff member, or (command line only) the operating-system account when it is not mapped to
 * staff; 'none' before anyone has said who they are.
 */
export interface Actor {
  staffId: string | null;
  name: string;
  roles: Role[];
  identifiedBy: 'staff' | 'os-account' | 'none';
}

/** Everything a service call needs to know about the moment it runs in; "today" is always a parameter. */
export interface CallContext {
  actor: Actor;
  today: IsoDate;
  now: Date;
}

export interface Store {
  db: Db;
  sqlite: Database.Database;
}

export const nowIso = (ctx: CallContext) => ctx.now.toISOString();
