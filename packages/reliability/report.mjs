#!/usr/bin/env node
// Prints the reliability report: what the suites tried and found, from the JSON files they write.
//   node report.mjs --run   run `vitest run --project reliability` (from the repository root) with
//                           a fresh results folder, then print the table; exits with vitest's code
//   node report.mjs [dir]   print the table from an earlier run's folder
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SUITES = ['faults', 'process-exit', 'load', 'hostile-operations', 'tokens', 'emulator-hostile', 'hardening', 'emulator-hardening'];
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function run() {
  const dir = mkdtempSync(join(tmpdir(), 'video-reliability-results-'));
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const result = spawnSync(process.execPath, [vitest, 'run', '--project', 'reliability'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, VIDEO_RELIABILITY_RESULTS: dir },
  });
  const printed = print(dir);
  rmSync(dir, { recursive: true, force: true });
  return (result.status ?? 1) || (printed ? 0 : 1);
}

function read(dir) {
  const found = new Map();
  if (!existsSync(dir)) return found;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const data = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    found.set(data.suite, data);
  }
  return found;
}

const fmt = (n) => n.toLocaleString('en-US');

/** Prints the table; false when a suite left no results (it crashed or did not run). */
function print(dir) {
  const found = read(dir);
  const columns = [
    ['suite', (s) => s.suite],
    ['faults tried', (s) => fmt(s.faultsTried)],
    ['calls made', (s) => fmt(s.callsMade)],
    ['requests seen', (s) => fmt(s.requestsSeen)],
    ['failures', (s) => fmt(Object.values(s.failuresByKind).reduce((a, b) => a + b, 0))],
    ['duplicates created', (s) => fmt(s.duplicatesCreated)],
    ['leaks found', (s) => fmt(s.leaksFound)],
    ['hostile inputs tried', (s) => fmt(s.hostileInputsTried)],
  ];
  const rows = [];
  const total = { suite: 'total', faultsTried: 0, callsMade: 0, requestsSeen: 0, failuresByKind: {}, duplicatesCreated: 0, leaksFound: 0, hostileInputsTried: 0 };
  const missing = [];
  for (const name of SUITES) {
    const s = found.get(name);
    if (!s) {
      missing.push(name);
      continue;
    }
    rows.push(columns.map(([, get]) => get(s)));
    for (const key of ['faultsTried', 'callsMade', 'requestsSeen', 'duplicatesCreated', 'leaksFound', 'hostileInputsTried']) total[key] += s[key];
    for (const [kind, n] of Object.entries(s.failuresByKind)) total.failuresByKind[kind] = (total.failuresByKind[kind] ?? 0) + n;
  }
  rows.push(columns.map(([, get]) => get(total)));
  const header = columns.map(([title]) => title);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log('\nReliability report');
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  const kinds = Object.entries(total.failuresByKind).sort((a, b) => b[1] - a[1]);
  console.log(`\nFailures by kind (calls that ended in an error, as the faults demanded): ${kinds.map(([k, n]) => `${k} ${fmt(n)}`).join(', ') || 'none'}`);
  const notes = SUITES.flatMap((name) => found.get(name)?.notes ?? []);
  if (notes.length) console.log(`\n${notes.map((n) => `- ${n}`).join('\n')}`);
  if (missing.length) console.log(`\nNo results from: ${missing.join(', ')} (the suite did not run or crashed)`);
  return missing.length === 0;
}

if (process.argv.includes('--run')) process.exit(run());
else process.exit(print(process.argv[2] ?? process.env.VIDEO_RELIABILITY_RESULTS ?? join(tmpdir(), 'video-reliability-results')) ? 0 : 1);
