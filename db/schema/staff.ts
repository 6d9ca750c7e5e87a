import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { rowMeta } from './common';

export const staff = sqliteTable('staff', {
  ...rowMeta,
  name: text('name').notNull(),
  email: text('email'),
  /** JSON array of role keys, e.g. ["pom","irmt-chair"]. */
  roles: text('roles').notNull().default('[]'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
});
