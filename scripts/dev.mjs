#!/usr/bin/env node
// The entry point behind the README's commands. It needs only Node and npm:
//   node scripts/dev.mjs setup   install pnpm's pinned version if missing, install, build
//   node scripts/dev.mjs demo    setup, then run the quick-start tour against the emulator
//   node scripts/dev.mjs test    setup, then run every test and print `tests: N passed, M failed`
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function must(cmd, args) {
  const status = run(cmd, args);
  if (status !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(' ')} failed (exit ${status})`);
    process.exit(status);
  }
}

/** The pinned pnpm: the one on PATH if it is that version, otherwise through npx. */
function pnpm() {
  const found = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (found.status === 0 && found.stdout.trim() === PNPM) return ['pnpm'];
  return ['npx', '--yes', `pnpm@${PNPM}`];
}

function newest(dir) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function needsBuild() {
  const packages = join(root, 'packages');
  return readdirSync(packages).some((name) => {
    const dist = join(packages, name, 'dist');
    const manifest = join(packages, name, 'package.json');
    if (!existsSync(manifest) || !JSON.parse(readFileSync(manifest, 'utf8')).scripts?.build) return false;
    if (!existsSync(dist)) return true;
    return newest(join(packages, name, 'src')) > newest(dist);
  });
}

function setup() {
  const [bin, ...pre] = pnpm();
  const installed = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  if (!existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs) {
    must(bin, [...pre, 'install', '--frozen-lockfile']);
  }
  if (needsBuild()) must(bin, [...pre, 'run', 'build']);
  return [bin, ...pre];
}

/** Runs vitest with a JSON report and prints the summary line CI reads. Returns the exit code. */
export function runTests(extraArgs = []) {
  const out = join(root, '.vitest');
  mkdirSync(out, { recursive: true });
  const report = join(out, 'results.json');
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const status = run(process.execPath, [
    vitest,
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...extraArgs,
  ]);
  let passed = 0;
  let failed = 0;
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed = r.numPassedTests;
    failed = r.numFailedTests;
    // A file that fails to load has no failed tests of its own; count it once.
    for (const suite of r.testResults ?? []) {
      if (suite.status === 'failed' && !suite.assertionResults?.some((a) => a.status === 'failed')) failed += 1;
    }
  } else {
    failed = 1;
  }
  console.log(`tests: ${passed} passed, ${failed} failed`);
  return status !== 0 || failed > 0 ? 1 : 0;
}

const command = process.argv[2];
if (command === 'setup') {
  setup();
} else if (command === 'demo') {
  const [bin, ...pre] = setup();
  process.exit(run(bin, [...pre, '--filter', '@video-examples/quickstart', 'start']));
} else if (command === 'test') {
  setup();
  process.exit(runTests(process.argv.slice(3)));
} else if (command === 'vitest') {
  process.exit(runTests(process.argv.slice(3)));
} else {
  console.error('usage: node scripts/dev.mjs setup|demo|test|vitest [vitest args]');
  process.exit(2);
}
