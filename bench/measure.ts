/** Runs `fn` `runs` times (after `warmup` untimed runs) and returns the median in milliseconds. */
export function medianMs(fn: () => unknown, runs = 25, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export async function medianMsAsync(fn: () => Promise<unknown>, runs = 5, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export interface BenchLine {
  size: string;
  operation: string;
  medianMs: number;
  targetMs?: number;
}

export function printTable(lines: BenchLine[]): void {
  const rows = lines.map((l) => [l.size, l.operation, l.medianMs.toFixed(2), l.targetMs === undefined ? '' : `≤ ${l.targetMs}`, l.targetMs === undefined ? '' : l.medianMs <= l.targetMs ? 'within' : 'OVER']);
  const head = ['caseload', 'operation', 'median ms', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(fmt(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(fmt(r));
}
