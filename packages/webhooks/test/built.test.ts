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
    ['@video/webhooks/register', 'registerCallback'],
  ])('%s loads with require() and import()', (name, member) => {
    expect(node(['-e', `console.log(typeof require(${JSON.stringify(name)}).${member})`])).toBe('function');
    expect(node(['--input-type=module', '-e', `const m = await import(${JSON.stringify(name)}); console.log(typeof m.${member})`])).toBe('function');
  });

  it('its main entry imports no node: module, nor anything of the Node adapter or of @video/core', () => {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(join(root, 'dist', file), 'utf8');
      expect(code, file).not.toMatch(/from\s*["']node:|import\(\s*["']node:|require\(\s*["']node:/);
      // Receiving callbacks needs no HTTP client: registering them (`/register`) does.
      expect(code, file).not.toMatch(/["']@video\/core/);
      for (const [, local] of code.matchAll(/from\s*["']\.\/([^"']+)["']/g)) visit(local!);
    };
    visit('index.js');
    expect([...seen].some((f) => f.startsWith('node') || f.startsWith('register'))).toBe(false);
    const cjs = readFileSync(join(root, 'dist/index.cjs'), 'utf8');
    expect(cjs).not.toMatch(/require\(\s*["']node:/);
    expect(cjs).not.toMatch(/["']@video\/core/);
    // While the register entry does use it (so the checks above can fail).
    expect(readFileSync(join(root, 'dist/register.js'), 'utf8')).toMatch(/from\s*["']@video\/core["']/);
  });
});
