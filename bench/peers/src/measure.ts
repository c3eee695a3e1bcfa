/** Small measurement helpers shared by the runner and the report. */
export interface Stats {
  p50: number;
  p99: number;
  mean: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

export function rssMB(): number {
  global.gc?.();
  global.gc?.();
  return process.memoryUsage().rss / 1048576;
}

/** Prints rows as a Markdown table and returns the text. */
export function table(title: string, header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (c ?? '').padEnd(widths[i])).join(' | ')} |`;
  const text = [`\n${title}\n`, line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
  console.log(text);
  return text;
}

export const ms = (n: number) => (Number.isNaN(n) ? '-' : n < 1 ? n.toFixed(3) : n < 100 ? n.toFixed(2) : n.toFixed(0));
