// The benchmark's baseline for a caseload import: the same CSV file read with csv-parse and every row inserted as it
// comes, with a prepared better-sqlite3 statement in one transaction, into a table of text columns. No validation, no
// audit, no search index: the least any import of the file must do. Run in-process (rawImport) or as its own process:
//   node bench/raw-import.mjs FILE.csv DB
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse';

export async function rawImport(csvFile, dbFile) {
  const db = new Database(dbFile);
  db.pragma('journal_mode = WAL');
  let insert = null;
  db.exec('BEGIN');
  for await (const row of fs.createReadStream(csvFile).pipe(parse({ bom: true }))) {
    if (insert) insert.run(row);
    else {
      db.exec(`CREATE TABLE raw (${row.map((_, i) => `c${i} TEXT`).join(', ')})`);
      insert = db.prepare(`INSERT INTO raw VALUES (${row.map(() => '?').join(', ')})`);
    }
  }
  db.exec('COMMIT');
  db.close();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await rawImport(process.argv[2], process.argv[3]);
}
