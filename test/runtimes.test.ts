// The runtime matrix (runtimes/run.mjs) on Node 20 only, so that the smoke suite itself is tested
// in the normal suite; CI's `runtimes` step runs it on every runtime. Like the packaging tests, it
// needs the built packages (`pnpm build`): the smoke code imports their dist/ output.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

interface Row {
  id: string;
  runtime: string;
  version: string;
  passed: number;
  total: number;
  ok: boolean;
  problems: string[];
  checks: { name: string; ok: boolean; error?: string }[];
}

function matrix(env: Record<string, string> = {}): { status: number | null; rows: Row[] } {
  const result = spawnSync(process.execPath, ['runtimes/run.mjs', '--only', 'node20', '--json'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  if (!line.startsWith('{')) throw new Error(`no JSON from runtimes/run.mjs (exit ${result.status}): ${result.stdout}${result.stderr}`);
  return { status: result.status, rows: (JSON.parse(line) as { rows: Row[] }).rows };
}

describe('runtime matrix', () => {
  it('passes every smoke check on this Node, against the built packages', () => {
    const { status, rows } = matrix();
    expect(rows).toHaveLength(1);
    const [row] = rows as [Row];
    expect(row.problems).toEqual([]);
    expect(row).toMatchObject({ id: 'node20', runtime: 'node', version: process.versions.node, ok: true });
    expect(row.passed).toBe(row.total);
    expect(row.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'imports are the built packages (dist/)',
        'session, application credentials (RS256 REST JWT)',
        'session, project credentials (HS256 REST JWT)',
        'client token RS256 JWT, accepted by the emulator',
        'client token RS256 JWT from a non-extractable CryptoKey, accepted',
        'client token HS256 JWT, accepted by the emulator',
        'client token T1, accepted by the emulator',
        'verifyClientToken accepts all three',
        'verifyClientToken refuses another session',
        'verifyCallback accepts a signed callback',
        'verifyCallback refuses a tampered body',
        'timeout: a held request becomes a TimeoutError',
        'retry: a 503 is retried and the call succeeds',
      ]),
    );
    expect(status).toBe(0);
  });

  it('fails a runtime that prints a deprecation warning, even when every check passes', () => {
    const { status, rows } = matrix({ VIDEO_SMOKE_EMIT_WARNING: '1' });
    const [row] = rows as [Row];
    expect(row.passed).toBe(row.total);
    expect(row.ok).toBe(false);
    expect(row.problems).toEqual([expect.stringMatching(/^warning on stderr:[\s\S]*\[DEP0000\] DeprecationWarning/)]);
    expect(status).toBe(1);
  });
});
