import { randomFillSync } from 'node:crypto';
import { monotonicFactory, ulid as encodeUlid } from 'ulid';

// ulid's own generator asks the system for one random byte per character (16 calls a ULID, about 40 µs): importing
// 80,000 prisoners spent seconds on ids alone. The same cryptographic source, drawn 4 KB at a time.
const pool = new Uint8Array(4096);
let next = pool.length;
function randomByteFraction(): number {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++]! / 256;
}

/** A new ULID: a stable, sortable text id for a row; `seedTime` (ms) dates it, by default now. */
export function ulid(seedTime?: number): string {
  return encodeUlid(seedTime, randomByteFraction);
}

/**
 * ULIDs that sort in the order they are made, even within one millisecond (the random part counts up): a caseload
 * written in one go (a seed, the demo) then lists by id in the file's order, as it did when each row had its own moment.
 */
export function ascendingUlids(seedTime: number): () => string {
  const next = monotonicFactory(randomByteFraction);
  return () => next(seedTime);
}
