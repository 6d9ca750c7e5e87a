import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from './store';

/**
 * The server's audit (server_audit) as a hash chain per prison, like a workstation's audit log (db/audit-chain.ts).
 * A trigger (migration 0004) gives each entry the number of the prison's entry before it and the SHA-256 of that
 * entry's hash and this entry's columns, and keeps the head of each chain where the server's role cannot write. The
 * server's role may not update or delete entries at all; the chain is for what goes round that: an owner's hand, a
 * restored or edited backup, the disk. `omu-server verify-audit` walks every chain (verifyServerAudit) and works each
 * hash out again here, apart from the database's own function, so a changed function does not hide a changed entry.
 */

/** An entry's columns as its link covers them, in order, as text (the trigger's omu_server_audit_hash reads the same). */
const PARTS =
  sql.raw(`prev_seq::text, seq::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), prison, actor_id, actor_name,
  device_id, client_clock, event, command_id, outcome, detail::text`);

/** The link of one entry: each part as its length in bytes and itself ('-' for none), after the previous entry's hash. */
export function serverAuditLinkHash(previousHash: string | null, parts: readonly (string | null)[]): string {
  const hash = crypto.createHash('sha256');
  for (const part of ['omu-server-audit-1', previousHash, ...parts])
    hash.update(part === null ? '-' : `${Buffer.byteLength(part, 'utf8')}:${part}`);
  return hash.digest('hex');
}

export interface ServerAuditProblem {
  seq: number | null;
  text: string;
}

/** One prison's chain, checked. */
export interface ServerAuditCheck {
  /** The prison ('' for the server's entries that concern no prison). */
  prison: string;
  entries: number;
  intact: boolean;
  /** The lowest entry where the chain is broken, if it is. */
  firstBroken: number | null;
  problems: ServerAuditProblem[];
  /** The last entry's number and hash: written down elsewhere, they show later that nothing before them was rewritten. */
  head: { seq: number; hash: string } | null;
}

interface Walk {
  check: ServerAuditCheck;
  lastSeq: number | null;
  lastHash: string | null;
}

const PAGE = 5000;

/** Walks every prison's chain (or one prison's), a page at a time, and says where each is broken. */
export async function verifyServerAudit(db: Tx, prison?: string): Promise<ServerAuditCheck[]> {
  const chains = new Map<string, Walk>();
  const walkOf = (chain: string): Walk => {
    let w = chains.get(chain);
    if (!w)
      chains.set(
        chain,
        (w = {
          check: { prison: chain, entries: 0, intact: true, firstBroken: null, problems: [], head: null },
          lastSeq: null,
          lastHash: null,
        }),
      );
    return w;
  };
  const problem = (w: Walk, seq: number | null, text: string) => {
    w.check.intact = false;
    w.check.problems.push({ seq, text });
    if (seq !== null && (w.check.firstBroken === null || seq < w.check.firstBroken))
      w.check.firstBroken = seq;
  };
  const only = prison === undefined ? sql`TRUE` : sql`coalesce(prison, '') = ${prison}`;
  for (let after = Number.MIN_SAFE_INTEGER; ;) {
    const { rows } = await db.execute<{
      chain: string;
      seq: string;
      prev: string | null;
      hash: string | null;
      parts: (string | null)[];
    }>(sql`
      SELECT coalesce(prison, '') AS chain, seq::text AS seq, prev_seq::text AS prev, hash, ARRAY[${PARTS}] AS parts
      FROM server_audit WHERE server_audit.seq > ${after} AND ${only} ORDER BY server_audit.seq LIMIT ${PAGE}`);
    for (const row of rows) {
      const seq = Number(row.seq);
      const prev = row.prev === null ? null : Number(row.prev);
      const w = walkOf(row.chain);
      w.check.entries++;
      if (row.hash === null) {
        problem(
          w,
          seq,
          `entry ${seq} was added without a link in the chain (not through the unit server's trigger)`,
        );
        continue;
      }
      if (prev !== w.lastSeq) {
        if (prev !== null && (w.lastSeq === null || prev > w.lastSeq))
          problem(w, prev, `entry ${prev} has been removed (entry ${seq} was written after it)`);
        else
          problem(
            w,
            seq,
            `entry ${seq} is linked after entry ${prev ?? 'none'}, not after entry ${w.lastSeq ?? 'none'} before it: entries have been moved or removed`,
          );
      } else if (serverAuditLinkHash(w.lastHash, row.parts) !== row.hash) {
        problem(
          w,
          seq,
          `entry ${seq} has been changed: what it says no longer matches its link in the chain`,
        );
      }
      w.lastSeq = seq;
      w.lastHash = row.hash;
    }
    if (rows.length < PAGE) break;
    after = Number(rows[rows.length - 1]!.seq);
  }
  // The head the trigger kept: entries removed from the end of a chain leave it pointing past the last one.
  const { rows: heads } = await db.execute<{ chain: string; seq: string; hash: string }>(sql`
    SELECT chain, seq::text AS seq, hash FROM server_audit_head WHERE ${prison === undefined ? sql`TRUE` : sql`chain = ${prison}`} ORDER BY chain`);
  for (const head of heads) {
    const w = walkOf(head.chain);
    const seq = Number(head.seq);
    if (seq !== w.lastSeq) {
      if (w.lastSeq === null || seq > w.lastSeq)
        problem(
          w,
          seq,
          `entry ${seq}, the last one written, has been removed${w.lastSeq === null ? ' with every entry before it' : ` (and any after entry ${w.lastSeq})`}`,
        );
      else problem(w, null, `the head of the chain names entry ${seq}, not the last entry ${w.lastSeq}`);
    } else if (head.hash !== w.lastHash) {
      problem(w, seq, `the last entry, ${seq}, does not match the head of the chain: it has been rewritten`);
    }
  }
  for (const w of chains.values()) {
    if (w.lastSeq !== null && w.lastHash !== null) w.check.head = { seq: w.lastSeq, hash: w.lastHash };
    if (!heads.some((h) => h.chain === w.check.prison) && w.lastSeq !== null)
      problem(w, null, 'the head of the chain is missing');
  }
  return [...chains.values()].map((w) => w.check).sort((a, b) => a.prison.localeCompare(b.prison));
}
