#!/usr/bin/env node
// The runtime matrix: runs the smoke suite (smoke.mjs) against the built packages on Node 20 (the
// Node running this script), Node 22, Node 24, Bun, Deno and Vercel's EdgeRuntime sandbox, each in
// a process of its own, against one emulator that runs here, and prints one table row per runtime.
// A runtime fails when a check fails, when it exits non-zero, or when it writes anything to stderr
// (a `(node:…) DeprecationWarning` included): the smoke code itself never does.
//
//   node runtimes/run.mjs [--only node20,node22,node24,bun,deno,edge] [--json]
//
// The runtimes other than Node 20 come from the npm registry as exact versions (the binaries that
// the `node`, `bun` and `deno` npm packages install, and the `edge-runtime` package), installed with
// npm into .cache/runtimes/<name>-<version>/ (ignored by git; reused while it exists) through npm's
// own cache (~/.npm, which outlives a clean clone on the same machine: `--prefer-offline` takes the
// tarballs from it without asking the registry). VIDEO_RUNTIMES_CACHE overrides the directory.
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startEmulator } from '@video/emulator';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const cacheDir = process.env.VIDEO_RUNTIMES_CACHE ?? join(root, '.cache', 'runtimes');
const RUN_TIMEOUT_MS = 120_000;

/** The npm package that holds a runtime's binary for this platform, and the binary inside it. */
function binaryPackage(kind) {
  const { platform, arch } = process;
  const supported = ['linux', 'darwin'].includes(platform) && ['x64', 'arm64'].includes(arch);
  if (!supported) throw new Error(`no ${kind} binary package is known for ${platform}-${arch}`);
  if (kind === 'node') return { pkg: `node-${platform}-${arch}`, bin: 'bin/node' };
  if (kind === 'bun') return { pkg: `@oven/bun-${platform}-${arch === 'arm64' ? 'aarch64' : 'x64'}`, bin: 'bin/bun' };
  return { pkg: platform === 'linux' ? `@deno/linux-${arch}-glibc` : `@deno/darwin-${arch}`, bin: 'deno' };
}

/**
 * The matrix. Versions are exact; raise them here (and nowhere else).
 * `install`: what npm installs; `command(entry)`: how to run the smoke entry.
 */
const RUNTIMES = [
  { id: 'node20', label: 'node (this machine)' },
  { id: 'node22', label: 'node 22', kind: 'node', version: '22.23.5' },
  { id: 'node24', label: 'node 24', kind: 'node', version: '24.22.3' },
  { id: 'bun', label: 'bun', kind: 'bun', version: '1.4.5' },
  { id: 'deno', label: 'deno', kind: 'deno', version: '2.9.6' },
  { id: 'edge', label: 'edge-runtime', kind: 'edge', version: '4.0.1' },
];

function parseArgs(argv) {
  const options = { only: undefined, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--only') options.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (arg.startsWith('--only=')) options.only = arg.slice(7).split(',').filter(Boolean);
    else if (arg === '--help' || arg === '-h') {
      console.log(`usage: node runtimes/run.mjs [--only ${RUNTIMES.map((r) => r.id).join(',')}] [--json]`);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  const unknown = (options.only ?? []).filter((id) => !RUNTIMES.some((r) => r.id === id));
  if (unknown.length) throw new Error(`unknown runtime ${unknown.join(', ')}: one of ${RUNTIMES.map((r) => r.id).join(', ')}`);
  return options;
}

/** Runs a command to its end, collecting its output; never rejects. */
function run(command, args, { env = process.env, timeoutMs = RUN_TIMEOUT_MS } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const done = (code, error) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, error, timedOut, ms: performance.now() - started });
    };
    child.on('error', (error) => done(null, error));
    child.on('close', (code) => done(code));
  });
}

/** Installs a runtime into the cache (once) and returns the path of what runs it. */
async function install(runtime) {
  const dir = join(cacheDir, `${runtime.id}-${runtime.version}`);
  const { pkg, bin } = runtime.kind === 'edge' ? { pkg: 'edge-runtime', bin: 'node_modules/edge-runtime/package.json' } : binaryPackage(runtime.kind);
  const path = runtime.kind === 'edge' ? dir : join(dir, 'node_modules', pkg, bin);
  const marker = join(dir, '.installed');
  if (existsSync(marker)) return { path, cached: true, ms: 0 };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // --ignore-scripts: the binary packages need none, and edge-runtime's dependencies have none.
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = await run(
    npm,
    ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', '--loglevel=error', `${pkg}@${runtime.version}`],
    { timeoutMs: 600_000 },
  );
  const installed = runtime.kind === 'edge' ? join(dir, bin) : path;
  if (result.code !== 0 || !existsSync(installed)) {
    throw new Error(`npm install ${pkg}@${runtime.version} failed (exit ${result.code}): ${(result.stderr || result.stdout || String(result.error)).trim()}`);
  }
  writeFileSync(marker, `${pkg}@${runtime.version}\n`);
  return { path, cached: false, ms: result.ms };
}

/** Bundles the smoke suite for the edge: web platform, so that a `node:` import fails the build. */
async function bundleForEdge() {
  const { build } = await import('esbuild');
  const outfile = join(cacheDir, 'edge-smoke.js');
  await build({
    entryPoints: [join(here, 'edge-entry.mjs')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    conditions: ['edge-light', 'worker', 'browser'],
    target: 'es2022',
    // The root tsconfig.json maps @video/* to the TypeScript sources; the bundle must take the
    // packages as published (their exports, dist/), so no tsconfig is read.
    tsconfigRaw: '{}',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

/** A callback signed as the service signs it: HS256 JWT over the body's SHA-256, with jose. */
async function signedCallback(credentials) {
  const requireFromWebhooks = createRequire(join(root, 'packages', 'webhooks', 'package.json'));
  const { SignJWT } = await import(pathToFileURL(requireFromWebhooks.resolve('jose')).href);
  const secret = randomBytes(24).toString('base64url');
  const { apiKey } = credentials.opentok;
  const sessionId = `2_MX4${Buffer.from(apiKey).toString('base64')}fn4xNzAwMDAwMDAwMDAwfnNtb2tlfn4`;
  const payload = (data) =>
    JSON.stringify({
      sessionId,
      projectId: apiKey,
      event: 'connectionCreated',
      timestamp: Date.now(),
      connection: { id: randomUUID(), createdAt: Date.now() - 10, data },
    });
  const body = payload('name=Ada');
  const jti = randomUUID();
  const jwt = await new SignJWT({
    payload_hash: createHash('sha256').update(body).digest('hex'),
    api_key: apiKey,
    application_id: credentials.vonage.applicationId,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('Vonage')
    .setIssuedAt()
    .setJti(jti)
    .sign(new TextEncoder().encode(secret));
  return { secret, body, tamperedBody: body.replace('name=Ada', 'name=Eve'), authorization: `Bearer ${jwt}`, jti, type: 'connectionCreated' };
}

/** How each runtime runs the smoke entry; Deno gets only the permissions the suite needs. */
function commandFor(runtime, path, edgeBundle) {
  const entry = relative(root, join(here, 'cli-entry.mjs'));
  switch (runtime.kind) {
    case undefined:
      return [process.execPath, [entry]];
    case 'node':
      return [path, [entry]];
    case 'bun':
      return [path, ['run', entry]];
    case 'deno':
      return [path, ['run', '--no-lock', '--allow-net=127.0.0.1', '--allow-env=VIDEO_SMOKE_CONFIG', entry]];
    case 'edge':
      return [process.execPath, [relative(root, join(here, 'edge-host.mjs')), edgeBundle, path]];
  }
}

/** Runs the smoke suite on one runtime and judges it. */
async function runOne(runtime, path, config, edgeBundle) {
  const [command, args] = commandFor(runtime, path, edgeBundle);
  const env = { ...process.env, VIDEO_SMOKE_CONFIG: JSON.stringify(config), NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' };
  // The runtimes run as a user's program would: no loader or flag of a test runner leaks in.
  delete env.NODE_OPTIONS;
  delete env.VITEST;
  const result = await run(command, args, { env });
  const line = result.stdout.split('\n').find((l) => l.startsWith('SMOKE_RESULT '));
  const report = line ? JSON.parse(line.slice('SMOKE_RESULT '.length)) : undefined;
  const checks = report?.checks ?? [];
  const problems = [];
  if (result.error) problems.push(`could not start: ${result.error.message}`);
  if (result.timedOut) problems.push(`killed after ${RUN_TIMEOUT_MS / 1000} s`);
  if (!report) problems.push(`no result line (exit ${result.code})${result.stdout.trim() ? `; stdout: ${result.stdout.trim()}` : ''}`);
  for (const c of checks) if (!c.ok) problems.push(`check failed: ${c.name}: ${c.error}`);
  if (result.stderr.trim()) {
    const warning = /\(node:\d+\)|Warning|DEP\d{4}/.test(result.stderr);
    problems.push(`${warning ? 'warning' : 'output'} on stderr:\n${result.stderr.trimEnd().replace(/^/gm, '    ')}`);
  }
  if (report && result.code !== 0 && checks.every((c) => c.ok)) problems.push(`exit code ${result.code}`);
  return {
    id: runtime.id,
    runtime: report?.runtime ?? runtime.label,
    version: report?.version ?? runtime.version ?? '?',
    passed: checks.filter((c) => c.ok).length,
    total: checks.length,
    ms: Math.round(result.ms),
    ok: problems.length === 0,
    problems,
    checks,
  };
}

function table(rows) {
  const head = ['runtime', 'version', 'checks passed', 'time', 'result'];
  const body = rows.map((r) => [r.runtime, r.version, `${r.passed}/${r.total}`, `${(r.ms / 1000).toFixed(2)} s`, r.ok ? 'ok' : 'FAILED']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const selected = RUNTIMES.filter((r) => !options.only || options.only.includes(r.id));
  const started = performance.now();
  const log = options.json ? () => {} : (message) => console.log(message);

  // Installs run in parallel (network-bound); runs are sequential, so each has the machine alone.
  mkdirSync(cacheDir, { recursive: true });
  const installs = await Promise.all(
    selected.map(async (runtime) => {
      if (!runtime.kind) return { runtime, path: process.execPath };
      try {
        const installed = await install(runtime);
        log(`runtimes: ${runtime.label} ${runtime.version} ${installed.cached ? 'cached' : `installed in ${(installed.ms / 1000).toFixed(1)} s`}`);
        return { runtime, path: installed.path };
      } catch (error) {
        return { runtime, error };
      }
    }),
  );
  const edgeBundle = selected.some((r) => r.kind === 'edge') ? await bundleForEdge() : undefined;

  const emulator = await startEmulator();
  const rows = [];
  try {
    for (const { runtime, path, error } of installs) {
      if (error) {
        rows.push({ id: runtime.id, runtime: runtime.label, version: runtime.version, passed: 0, total: 0, ms: 0, ok: false, problems: [error.message], checks: [] });
        continue;
      }
      const config = { url: emulator.url, ...emulator.credentials, callback: await signedCallback(emulator.credentials) };
      rows.push(await runOne(runtime, path, config, edgeBundle));
    }
  } finally {
    await emulator.stop();
  }

  const failed = rows.filter((r) => !r.ok);
  if (options.json) {
    console.log(JSON.stringify({ rows, ms: Math.round(performance.now() - started) }));
  } else {
    console.log(table(rows));
    for (const r of failed) console.log(`\n${r.runtime} ${r.version} failed:\n${r.problems.map((p) => `  - ${p}`).join('\n')}`);
    const total = ((performance.now() - started) / 1000).toFixed(1);
    console.log(failed.length ? `\nruntimes: ${failed.length} of ${rows.length} failed (${failed.map((r) => r.id).join(', ')}) in ${total} s` : `\nruntimes: all ${rows.length} ok in ${total} s`);
  }
  process.exitCode = failed.length ? 1 : 0;
}

await main();
