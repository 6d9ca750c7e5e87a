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
  /** The same work done the plainest way, measured in the same run: the figure is read against it, never alone. */
  baseline?: { name: string; medianMs: number; targetRatio?: number };
}

export function printTable(lines: BenchLine[]): void {
  const rows = lines.map((l) => {
    const ratio = l.baseline ? l.medianMs / l.baseline.medianMs : undefined;
    const within =
      (l.targetMs === undefined || l.medianMs <= l.targetMs) &&
      (ratio === undefined || l.baseline?.targetRatio === undefined || ratio <= l.baseline.targetRatio);
    const target = [
      l.targetMs === undefined ? '' : `≤ ${l.targetMs}`,
      l.baseline?.targetRatio === undefined ? '' : `≤ ${l.baseline.targetRatio}×`,
    ]
      .filter(Boolean)
      .join(', ');
    return [
      l.size,
      l.operation,
      l.medianMs.toFixed(2),
      l.baseline ? `${l.baseline.medianMs.toFixed(2)} ${l.baseline.name}` : '',
      ratio === undefined ? '' : `${ratio.toFixed(1)}×`,
      target,
      target ? (within ? 'within' : 'OVER') : '',
    ];
  });
  const head = ['caseload', 'operation', 'median ms', 'baseline ms (same run)', 'ratio', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r.map((c, i) => (i === 2 || i === 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(fmt(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(fmt(r));
}
