// Cold start: wall time of `node -e "import('…')"` (a fresh process each time), median of several
// runs, taken round-robin over the targets so that machine noise is spread evenly.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median, ms, ratio, table } from './report.js';

const cwd = fileURLToPath(new URL('..', import.meta.url));

export const BARE = 'bare node (node -e 0)';
const OURS = ['server-sdk', 'auth', 'core', 'sessions', 'archives', 'broadcasts', 'sip', 'moderation', 'captions', 'renders'].map(
  (p) => `@video/${p}`,
);
export const UMBRELLA = '@video/server-sdk';
export const PEERS = ['opentok', '@vonage/video'];

export interface ColdResult {
  name: string;
  median: number;
}

function once(specifier: string | undefined): number {
  const code = specifier ? `import(${JSON.stringify(specifier)})` : '0';
  const start = performance.now();
  const r = spawnSync(process.execPath, ['-e', code], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = performance.now() - start;
  if (r.status !== 0) throw new Error(`node -e "${code}" failed: ${r.stderr.toString()}`);
  return elapsed;
}

export function runColdStart(runs: number): ColdResult[] {
  const targets: (string | undefined)[] = [undefined, ...OURS, ...PEERS];
  const samples = targets.map(() => [] as number[]);
  for (const t of targets) once(t); // fill the OS file cache first
  for (let i = 0; i < runs; i++) targets.forEach((t, j) => samples[j]!.push(once(t)));
  return targets.map((t, j) => ({ name: t ?? BARE, median: median(samples[j]!) }));
}

export function coldTable(results: ColdResult[]): string {
  const bare = results.find((r) => r.name === BARE)!.median;
  const above = (name: string) => {
    const r = results.find((x) => x.name === name);
    return r ? Math.max(0, r.median - bare) : undefined;
  };
  return table(
    ['import', 'median ms', 'above bare node ms', '÷ @vonage/video (above bare)', '÷ opentok (above bare)', '÷ floor (total ÷ bare node)'],
    results.map((r) => [
      r.name,
      ms(r.median),
      r.name === BARE ? '—' : ms(r.median - bare),
      r.name === BARE ? '—' : ratio(above(r.name), above('@vonage/video')),
      r.name === BARE ? '—' : ratio(above(r.name), above('opentok')),
      ratio(r.median, bare),
    ]),
  );
}
