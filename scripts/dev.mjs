#!/usr/bin/env node
// The entry point behind the README's commands. It needs only Node and npm:
//   node scripts/dev.mjs setup          get the pinned pnpm if missing, install, build
//   node scripts/dev.mjs demo           setup, then run the quick-start tour against the emulator
//   node scripts/dev.mjs test           setup, then run every test and print `tests: N passed, M failed`
//   node scripts/dev.mjs pnpm <args>    run the pinned pnpm (what the root `npm run …` scripts use),
//                                       with it first on PATH for anything it starts
// The set-up prints one line per stage; the tools' own output goes to .tmp/setup.log, whose tail is
// printed only when a stage fails.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const LOG = join(root, '.tmp', 'setup.log');
const windows = process.platform === 'win32';
/** Where the pinned pnpm is installed when the one on PATH (if any) is another version. */
const PNPM_HOME = join(root, 'node_modules', '.cache', `pnpm-${PNPM}`);
/** Keeps pnpm's "Update available!" box out of every run: the version is pinned on purpose. */
const QUIET_ENV = { npm_config_update_notifier: 'false', pnpm_config_update_notifier: 'false' };

const say = (text) => process.stdout.write(text);
const seconds = (since) => `${Math.round((Date.now() - since) / 1000)} s`;

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/**
 * Runs one set-up stage with its output in the log. Prints `› what… done (N s)`, or on failure
 * the last lines of the log, where the whole log is, and exits.
 */
function stage(what, cmd, args, env = {}, shell = false) {
  mkdirSync(dirname(LOG), { recursive: true });
  const started = Date.now();
  say(`› ${what}… `);
  const fd = openSync(LOG, 'a');
  writeFileSync(fd, `\n$ ${[cmd, ...args].join(' ')}\n`);
  let status;
  try {
    const result = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', fd, fd], env: { ...process.env, ...QUIET_ENV, ...env }, shell });
    status = result.error ? 1 : (result.status ?? 1);
    if (result.error) writeFileSync(fd, `${result.error.message}\n`);
  } finally {
    closeSync(fd);
  }
  if (status === 0) {
    say(`done (${seconds(started)})\n`);
    return;
  }
  say('failed\n');
  const tail = readFileSync(LOG, 'utf8').trimEnd().split('\n').slice(-30);
  console.error(`\n${tail.join('\n')}\n\n✗ ${what} failed (exit ${status}). The full log: ${relative(process.cwd(), LOG) || LOG}`);
  process.exit(status || 1);
}

/** The pnpm installed under PNPM_HOME by `npm install --global --prefix`. */
function localPnpm() {
  const modules = windows ? join(PNPM_HOME, 'node_modules') : join(PNPM_HOME, 'lib', 'node_modules');
  return { script: join(modules, 'pnpm', 'bin', 'pnpm.cjs'), bin: windows ? PNPM_HOME : join(PNPM_HOME, 'bin') };
}

let pinned;
/**
 * The pinned pnpm, as `{ command, args, path }`: the one on PATH if it is that version, otherwise
 * a copy installed once with npm under node_modules/.cache. `path` is a PATH on which `pnpm` is
 * that version, for the scripts pnpm starts.
 */
function pnpm() {
  if (pinned) return pinned;
  const found = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: windows });
  if (found.status === 0 && found.stdout.trim() === PNPM) return (pinned = { command: 'pnpm', args: [], path: process.env.PATH });
  const local = localPnpm();
  if (!existsSync(local.script)) {
    const npm = ['install', '--global', '--prefix', PNPM_HOME, '--no-audit', '--no-fund', '--loglevel=error', `pnpm@${PNPM}`];
    stage(`getting pnpm ${PNPM} (once, into ${relative(root, PNPM_HOME)})`, 'npm', npm, {}, windows);
  }
  return (pinned = {
    command: process.execPath,
    args: [local.script],
    path: [local.bin, process.env.PATH].filter(Boolean).join(delimiter),
  });
}

/** Runs the pinned pnpm in the foreground (its output shown). Returns the exit code. */
function runPnpm(args, options = {}) {
  const { command, args: pre, path } = pnpm();
  return run(command, [...pre, ...args], { env: { ...process.env, ...QUIET_ENV, PATH: path }, shell: windows && command === 'pnpm', ...options });
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
  const installed = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  const needsInstall = !existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs;
  if (!needsInstall && !needsBuild()) return;
  if (existsSync(LOG)) writeFileSync(LOG, '');
  const { command, args, path } = pnpm();
  const shell = windows && command === 'pnpm';
  if (needsInstall) stage('installing dependencies', command, [...args, 'install', '--frozen-lockfile'], { PATH: path }, shell);
  if (needsBuild()) stage('building the packages', command, [...args, '-r', '--filter', './packages/**', 'run', 'build'], { PATH: path }, shell);
}

/** The quick-start tour, run with tsx directly (no package-manager banner around its lines). */
function tour() {
  const dir = join(root, 'examples', 'quickstart');
  const tsx = createRequire(join(dir, 'package.json')).resolve('tsx/package.json');
  const cli = join(dirname(tsx), JSON.parse(readFileSync(tsx, 'utf8')).bin.tsx ?? 'dist/cli.mjs');
  say('› starting the guided tour\n\n');
  return run(process.execPath, [cli, 'src/main.ts'], { cwd: dir });
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
  setup();
  process.exit(tour());
} else if (command === 'test') {
  setup();
  process.exit(runTests(process.argv.slice(3)));
} else if (command === 'vitest') {
  process.exit(runTests(process.argv.slice(3)));
} else if (command === 'pnpm') {
  process.exit(runPnpm(process.argv.slice(3)));
} else {
  console.error('usage: node scripts/dev.mjs setup|demo|test|vitest [vitest args]|pnpm [pnpm args]');
  process.exit(2);
}
