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

/** Which staff member an operating-system account speaks for on this workstation. */
export const osAccounts = sqliteTable('os_accounts', {
  osAccount: text('os_account').primaryKey(),
  staffId: text('staff_id').notNull().references(() => staff.id),
  updatedAt: text('updated_at').notNull(),
});
