import type Database from 'better-sqlite3';
import type { Db } from '../../../db/open';
import type { IsoDate } from './dates';
import type { Role } from '../staff/roles';

/** Who is acting. `staffId` is null only before anyone has said who they are (first run) or for an unmapped CLI user. */
export interface Actor {
  staffId: string | null;
  name: string;
  roles: Role[];
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
