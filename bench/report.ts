import os from 'node:os';

export interface BenchFigure {
  seconds: number;
  baselineSeconds?: number;
  ratio?: number;
  goal: string;
  extra?: Record<string, string | number>;
}

export type Report = (name: string, figure: BenchFigure) => void;

export interface BenchResult extends BenchFigure {
  name: string;
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

export function peakRssMb(): number {
  // resourceUsage().maxRSS is in kilobytes: the whole process's high-water mark.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export async function time<T>(work: () => Promise<T> | T): Promise<{ seconds: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await work();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, value };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function formatRow(r: BenchResult): string {
  const extra = r.extra ? Object.entries(r.extra).map(([k, v]) => `${k}: ${v}`).join(', ') : '';
  return `| ${r.name} | ${r.seconds.toFixed(3)} s | ${r.baselineSeconds !== undefined ? `${r.baselineSeconds.toFixed(3)} s` : '—'} | ${
    r.ratio !== undefined ? r.ratio.toFixed(2) : '—'
  } | ${r.goal} | ${extra} |`;
}
