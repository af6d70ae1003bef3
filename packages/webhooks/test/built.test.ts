// The built package as users get it (run `pnpm build` first): both entries load with require()
// and import(), and the main entry reaches neither the Node adapter nor any `node:` module.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim();

describe('the built package', () => {
  it('exists (pnpm build)', () => {
    expect(existsSync(join(root, 'dist/index.js')) && existsSync(join(root, 'dist/node.cjs'))).toBe(true);
  });

  it.each([
    ['@video/webhooks', 'handleCallback'],
    ['@video/webhooks/node', 'callbackMiddleware'],
  ])('%s loads with require() and import()', (name, member) => {
    expect(node(['-e', `console.log(typeof require(${JSON.stringify(name)}).${member})`])).toBe('function');
    expect(node(['--input-type=module', '-e', `const m = await import(${JSON.stringify(name)}); console.log(typeof m.${member})`])).toBe('function');
  });

  it('its main entry imports no node: module, nor anything of the Node adapter', () => {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(join(root, 'dist', file), 'utf8');
      expect(code, file).not.toMatch(/from\s*["']node:|import\(\s*["']node:|require\(\s*["']node:/);
      for (const [, local] of code.matchAll(/from\s*["']\.\/([^"']+)["']/g)) visit(local!);
    };
    visit('index.js');
    expect([...seen].some((f) => f.startsWith('node'))).toBe(false);
    expect(readFileSync(join(root, 'dist/index.cjs'), 'utf8')).not.toMatch(/require\(\s*["']node:/);
  });
});
