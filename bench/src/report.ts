// Formatting helpers: markdown tables, ratios, and the machine description.
import { cpus, loadavg } from 'node:os';

export type Cell = string | number;

/** A markdown table; numeric columns are right-aligned. */
export function table(headers: string[], rows: Cell[][]): string {
  const align = headers.map((_, i) => (rows.some((r) => typeof r[i] === 'number' || /^[\d.,]+ ?(×|ms|KB|MB|%)?$/.test(String(r[i]))) ? '---:' : '---'));
  const line = (cells: Cell[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(headers), line(align), ...rows.map(line)].join('\n');
}

/** `value ÷ reference`, e.g. `2.31×`; a dash when either side is missing. */
export function ratio(value: number | undefined, reference: number | undefined): string {
  if (value === undefined || reference === undefined || !Number.isFinite(value) || !reference) return '—';
  const r = value / reference;
  return `${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(2) : r.toFixed(3)}×`;
}

export const int = (n: number): string => Math.round(n).toLocaleString('en');
export const ms = (n: number): string => (n >= 10 ? n.toFixed(1) : n.toFixed(2));
export const kb = (bytes: number): string => (bytes / 1024).toFixed(1);
export const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The `p`-th percentile (0–100) of already collected samples. */
export function percentile(values: Float64Array | number[], p: number): number {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function machine(): string {
  const cpu = cpus();
  return [
    `- Date: ${new Date().toISOString()}`,
    `- Node: ${process.version} (${process.platform}/${process.arch})`,
    `- CPU: ${cpu[0]?.model.trim() ?? 'unknown'}, ${cpu.length} cores`,
    `- Load average when the run started (1/5/15 min): ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`,
  ].join('\n');
}
