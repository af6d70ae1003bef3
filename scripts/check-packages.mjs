#!/usr/bin/env node
// Release gate for every publishable package: publint (manifest, exports, files) and
// are-the-types-wrong (types resolve for require and import under node10/node16/bundler).
// Both run on the tarball that `pnpm pack` would publish.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
const work = mkdtempSync(join(tmpdir(), 'video-pack-'));
const rows = [];
let failures = 0;

for (const name of readdirSync(join(root, 'packages')).sort()) {
  const dir = join(root, 'packages', name);
  let pkg;
  try {
    pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  } catch {
    continue;
  }
  if (pkg.private) continue;
  const pack = spawnSync('pnpm', ['pack', '--pack-destination', work], { cwd: dir, encoding: 'utf8' });
  const tarball = pack.stdout.trim().split('\n').pop();
  const publint = spawnSync(bin('publint'), ['--strict', dir], { encoding: 'utf8' });
  const attw = spawnSync(bin('attw'), [tarball, '--format', 'table-flipped'], { encoding: 'utf8' });
  const ok = (r) => (r.status === 0 ? 'ok' : 'FAIL');
  if (pack.status !== 0 || publint.status !== 0 || attw.status !== 0) {
    failures += 1;
    for (const r of [pack, publint, attw]) if (r.status !== 0) console.error(r.stdout, r.stderr);
  }
  rows.push(`| ${pkg.name} | ${ok(pack)} | ${ok(publint)} | ${ok(attw)} |`);
}
rmSync(work, { recursive: true, force: true });
console.log('| package | pack | publint | attw |\n| --- | --- | --- | --- |\n' + rows.join('\n'));
process.exit(failures === 0 ? 0 : 1);
