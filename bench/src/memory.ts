// Memory: peak RSS of a process that loads one contender and makes N getArchive calls, each
// contender in its own child process, and the heap it still holds after a forced full GC (the
// code it loaded plus anything it retains). "idle" is a process that loads nothing and calls nothing.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { floorOf, OPENTOK, REST_CONTENDERS, VONAGE } from './clients.mjs';
import { mb, ratio, table } from './report.js';

const child = fileURLToPath(new URL('./memory-child.mjs', import.meta.url));
export const IDLE = 'idle node (no SDK, no calls)';

export interface MemoryResult {
  name: string;
  maxRss: number;
  heapUsed: number;
  heapAfterGc: number;
}

export function runMemory(url: string, calls: number): MemoryResult[] {
  return ['idle', ...REST_CONTENDERS].map((name) => {
    const out = execFileSync(process.execPath, ['--expose-gc', child, name, url, String(calls)], { encoding: 'utf8', env: process.env });
    const { maxRss, heapUsed, heapAfterGc } = JSON.parse(out) as Omit<MemoryResult, 'name'>;
    return { name: name === 'idle' ? IDLE : name, maxRss, heapUsed, heapAfterGc };
  });
}

export function memoryTable(results: MemoryResult[], calls: number): string {
  const get = (name: string) => results.find((r) => r.name === name);
  return table(
    [
      'client',
      `peak RSS MB after ${calls.toLocaleString('en')} getArchive`,
      'heap used MB at end',
      'heap MB after forced GC',
      'RSS ÷ @vonage/video',
      'RSS ÷ opentok',
      'RSS ÷ floor',
      'heap after GC ÷ floor',
    ],
    results.map((r) => {
      const floor = floorOf(r.name);
      const vs = r.name === IDLE ? '' : ` (${floor.replace('floor: raw ', '')})`;
      return [
        r.name,
        mb(r.maxRss),
        mb(r.heapUsed),
        mb(r.heapAfterGc),
        ratio(r.maxRss, get(VONAGE)?.maxRss),
        ratio(r.maxRss, get(OPENTOK)?.maxRss),
        r.name === IDLE ? '—' : ratio(r.maxRss, get(floor)?.maxRss) + vs,
        r.name === IDLE ? '—' : ratio(r.heapAfterGc, get(floor)?.heapAfterGc) + vs,
      ];
    }),
  );
}
