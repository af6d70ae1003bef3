// Memory: peak RSS of a process that loads one contender and makes N getArchive calls, each
// contender in its own child process. "idle" is a process that loads nothing and calls nothing.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FLOOR_FETCH, FLOOR_UNDICI, OPENTOK, OURS_UNDICI, REST_CONTENDERS, VONAGE } from './clients.mjs';
import { mb, ratio, table } from './report.js';

const child = fileURLToPath(new URL('./memory-child.mjs', import.meta.url));
export const IDLE = 'idle node (no SDK, no calls)';

export interface MemoryResult {
  name: string;
  maxRss: number;
  heapUsed: number;
}

export function runMemory(url: string, calls: number): MemoryResult[] {
  return ['idle', ...REST_CONTENDERS].map((name) => {
    const out = execFileSync(process.execPath, [child, name, url, String(calls)], { encoding: 'utf8', env: process.env });
    const { maxRss, heapUsed } = JSON.parse(out) as { maxRss: number; heapUsed: number };
    return { name: name === 'idle' ? IDLE : name, maxRss, heapUsed };
  });
}

export function memoryTable(results: MemoryResult[], calls: number): string {
  const get = (name: string) => results.find((r) => r.name === name)?.maxRss;
  return table(
    ['client', `peak RSS MB after ${calls.toLocaleString('en')} getArchive`, 'heap used MB at end', '÷ @vonage/video', '÷ opentok', '÷ floor'],
    results.map((r) => {
      const floor = r.name === OURS_UNDICI || r.name === FLOOR_UNDICI ? FLOOR_UNDICI : FLOOR_FETCH;
      return [
        r.name,
        mb(r.maxRss),
        mb(r.heapUsed),
        ratio(r.maxRss, get(VONAGE)),
        ratio(r.maxRss, get(OPENTOK)),
        r.name === IDLE ? '—' : `${ratio(r.maxRss, get(floor))} (${floor.replace('floor: raw ', '')})`,
      ];
    }),
  );
}
