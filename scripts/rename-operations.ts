// rename-operations: keep (its own examples are old names)
/**
 * Rewrites old operation names to their `concern/verb` names (issue 15), from the one alias map the product itself
 * resolves old names with (electron/core/operation-aliases.ts).
 *
 *     npx tsx scripts/rename-operations.ts                 # every tracked .ts, .tsx and .md file
 *     npx tsx scripts/rename-operations.ts a.ts b.tsx      # only these files
 *     npx tsx scripts/rename-operations.ts --check         # change nothing; exit 1 when a file still has an old name
 *
 * Only a whole quoted name is rewritten: 'pp.show', "pp.show" and `pp.show` (Markdown's code spans too), and a
 * browser door path ending in one (`/api/pp.show`); never a longer string that contains one ('pp.show.extra',
 * 'a pp.show'), nor a file name inside a `join(` call (`path.join(dir, 'releases.pdf')`). Running it again changes nothing: no new name is
 * an old one (tests/unit/operation-names.test.ts). A file that mentions old names on purpose (the alias map, a test
 * that a stored old name still replays) has a comment line `// rename-operations: keep` and is left alone.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { OPERATION_ALIASES } from '../electron/core/operation-aliases';

/** A line that is only a comment saying so: `// rename-operations: keep`, `<!-- rename-operations: keep -->`. */
export const KEEP_MARKER = /^\s*(?:\/\/|\/\*|\*|<!--)\s*rename-operations: keep\b/m;

const aliases: Record<string, string> = OPERATION_ALIASES;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Longest first, so that no old name is matched as the start of a longer one.
const names = Object.keys(aliases)
  .sort((a, b) => b.length - a.length)
  .map(escape)
  .join('|');
/** A quoted name ('pp.show', "pp.show", `pp.show`), or a name ending a browser door path (`/api/pp.show`). */
const pattern = new RegExp(`(['"\`])(${names})\\1|(\\bapi\\/)(${names})(?![\\w.-])`, 'g');
/** Inside an unclosed `join(` on its line: a file name ('releases.pdf' in `path.join(dir, 'releases.pdf')`), kept. */
const inJoin = /\bjoin\([^()]*$/;

/** The text with every quoted old name replaced by its new one, and how many were replaced. */
export function renameOperations(text: string): { text: string; replaced: number } {
  if (KEEP_MARKER.test(text)) return { text, replaced: 0 };
  let replaced = 0;
  const out = text.replace(
    pattern,
    (
      match,
      quote: string | undefined,
      quoted: string | undefined,
      api: string | undefined,
      path: string | undefined,
      at: number,
    ) => {
      const lineStart = text.lastIndexOf('\n', at) + 1;
      if (quote && inJoin.test(text.slice(lineStart, at))) return match;
      replaced++;
      return quote ? `${quote}${aliases[quoted!]}${quote}` : `${api}${aliases[path!]}`;
    },
  );
  return { text: out, replaced };
}

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z', '--', '*.ts', '*.tsx', '*.md'], { encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const given = argv.filter((a) => a !== '--check');
  const files = given.length ? given : trackedFiles();
  let changedFiles = 0;
  let total = 0;
  for (const file of files) {
    const before = readFileSync(file, 'utf8');
    const { text, replaced } = renameOperations(before);
    if (!replaced) continue;
    changedFiles++;
    total += replaced;
    if (check) console.log(`${file}: ${replaced} old operation name(s)`);
    else writeFileSync(file, text);
  }
  console.log(
    `${check ? 'Found' : 'Renamed'} ${total} old operation name(s) in ${changedFiles} of ${files.length} file(s).`,
  );
  return check && total ? 1 : 0;
}

if (process.argv[1]?.endsWith('rename-operations.ts')) process.exitCode = main(process.argv.slice(2));
