// Runs a fixture in a child Node process: the fixture's TypeScript and the @video/* sources it
// imports are bundled with esbuild first (as the emulator's own process tests do), so no build
// of the packages is needed and the child runs exactly the code under test.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const packagesDir = fileURLToPath(new URL('../../../', import.meta.url));

/** `@video/x` → packages/x/src/index.ts, `@video/core/undici` → its source entry. */
const sources: Plugin = {
  name: 'video-sources',
  setup(b) {
    b.onResolve({ filter: /^@video\// }, (args) => {
      if (args.path === '@video/core/undici') return { path: join(packagesDir, 'core/src/undici/index.ts') };
      const name = /^@video\/([a-z-]+)$/.exec(args.path)?.[1];
      return name ? { path: join(packagesDir, name, 'src/index.ts') } : undefined;
    });
  },
};

export interface Bundles {
  /** Path of the bundled fixture, ready for `node`. */
  file(name: string): string;
  remove(): void;
}

/** Bundles `test/fixtures/<name>.ts` for each name into a temporary folder. */
export async function bundleFixtures(names: string[]): Promise<Bundles> {
  const dir = mkdtempSync(join(tmpdir(), 'video-reliability-'));
  const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
  await Promise.all(
    names.map((name) =>
      build({
        entryPoints: [join(fixtures, `${name}.ts`)],
        outfile: join(dir, `${name}.mjs`),
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        logLevel: 'silent',
        plugins: [sources],
        define: { __VERSION__: JSON.stringify('0.0.0-reliability') },
        // undici and jose are CommonJS-free ESM or dual; a require shim keeps any CJS dependency working.
        banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      }),
    ),
  );
  return { file: (name) => join(dir, `${name}.mjs`), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Whether it had to be killed because it did not exit within the limit. */
  killed: boolean;
  /** ms from start to exit. */
  elapsedMs: number;
  /** ms from the line `done` on stdout to exit, if the child printed it. */
  afterDoneMs: number | undefined;
}

/**
 * Runs `node [nodeArgs] file` with `env` added, and waits for it to exit by itself. After
 * `limitMs` it is killed (SIGKILL) and reported as `killed`: a process that keeps a socket or a
 * timer open never exits on its own.
 */
export function runChild(file: string, { env = {}, nodeArgs = [], limitMs = 60_000 }: { env?: Record<string, string>; nodeArgs?: string[]; limitMs?: number } = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let doneAt: number | undefined;
    const child = spawn(process.execPath, [...nodeArgs, file], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (doneAt === undefined && /^done$/m.test(stdout)) doneAt = Date.now();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const now = Date.now();
      resolve({ code, signal, stdout, stderr, killed, elapsedMs: now - started, afterDoneMs: doneAt === undefined ? undefined : now - doneAt });
    });
  });
}

/** The last line of stdout that parses as JSON. */
export function lastJson<T>(stdout: string): T {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    try {
      return JSON.parse(line) as T;
    } catch {
      // not JSON; keep looking
    }
  }
  throw new Error(`the child printed no JSON line:\n${stdout}`);
}
