import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { rowMeta } from './common';
import { prisoners } from './prisoners';

/** Each handover pack exported: which files, their checksum, who and when. */
export const handoverPackExports = sqliteTable(
  'handover_pack_exports',
  {
    ...rowMeta,
    prisonerId: text('prisoner_id')
      .notNull()
      .references(() => prisoners.id, { onDelete: 'cascade' }),
    exportedOn: text('exported_on').notNull(),
    exportedBy: text('exported_by').notNull(),
    pdfFile: text('pdf_file').notNull(),
    pdfSha256: text('pdf_sha256').notNull(),
    jsonFile: text('json_file').notNull(),
    jsonSha256: text('json_sha256').notNull(),
  },
  (t) => [index('handover_pack_exports_prisoner_idx').on(t.prisonerId, t.exportedOn)],
);
