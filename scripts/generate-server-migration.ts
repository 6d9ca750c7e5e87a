// Writes the unit server's next PostgreSQL migration (server/db/migrations) from the table definitions: the
// workstation's drizzle schema (db/schema) twinned by server/db/schema.ts, plus the server's own tables.
// Usage: npm run db:generate:server -- NAME      (prints "up to date" when there is nothing to do)
import fs from 'node:fs';
import path from 'node:path';
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { serverSchema } from '../server/db/schema-all';

const dir = path.resolve('server/db/migrations');
const meta = path.join(dir, 'meta');
const snapshotFile = path.join(meta, 'snapshot.json');
const journalFile = path.join(meta, '_journal.json');

export async function pendingServerStatements(): Promise<{
  statements: string[];
  current: ReturnType<typeof generateDrizzleJson>;
}> {
  const previous = fs.existsSync(snapshotFile)
    ? JSON.parse(fs.readFileSync(snapshotFile, 'utf8'))
    : generateDrizzleJson({});
  const current = generateDrizzleJson(serverSchema, previous.id);
  return { statements: await generateMigration(previous, current), current };
}

function addToJournal(name: string, sql: string): string {
  fs.mkdirSync(meta, { recursive: true });
  const journal = fs.existsSync(journalFile)
    ? JSON.parse(fs.readFileSync(journalFile, 'utf8'))
    : { version: '7', dialect: 'postgresql', entries: [] };
  const idx = journal.entries.length;
  const tag = `${String(idx).padStart(4, '0')}_${name}`;
  fs.writeFileSync(path.join(dir, `${tag}.sql`), sql);
  journal.entries.push({ idx, version: '7', when: Date.now(), tag, breakpoints: true });
  fs.writeFileSync(journalFile, `${JSON.stringify(journal, null, 2)}\n`);
  return tag;
}

if (process.argv[1] && path.resolve(process.argv[1]).endsWith('generate-server-migration.ts')) {
  const custom = process.argv[2] === '--custom';
  const name = (process.argv[custom ? 3 : 2] ?? 'change').replace(/[^a-z0-9_]+/gi, '_');
  if (custom) {
    console.log(
      `Wrote server/db/migrations/${addToJournal(name, '-- Hand-written SQL (triggers, functions).\n')}.sql: fill it in`,
    );
    process.exit(0);
  }
  const { statements, current } = await pendingServerStatements();
  if (!statements.length) {
    console.log('The server schema is up to date.');
  } else {
    const tag = addToJournal(name, `${statements.join('\n--> statement-breakpoint\n')}\n`);
    fs.writeFileSync(snapshotFile, `${JSON.stringify(current, null, 2)}\n`);
    console.log(`Wrote server/db/migrations/${tag}.sql (${statements.length} statements)`);
  }
}
