import { text } from 'drizzle-orm/sqlite-core';

/** Columns every row carries, so that sharing a caseload between workstations can come later without a rewrite. */
export const rowMeta = {
  id: text('id').primaryKey(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
};
