// Every method of the umbrella `Video` class carries the TSDoc of the function it wraps
// (scripts/umbrella-docs.mjs copies it; this fails when one is missing or out of date).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('every Video method is documented as its function', () => {
  const root = join(import.meta.dirname, '..');
  const out = execFileSync(process.execPath, [join(root, 'scripts', 'umbrella-docs.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
  expect(out).toMatch(/every Video method documented/);
});
