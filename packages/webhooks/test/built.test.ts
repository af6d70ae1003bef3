// The built package as users get it (run `pnpm build` first): both entries load with require()
// and import(), and the main entry reaches neither the Node adapter, nor any `node:` module, nor
// the HTTP client of @video/core.
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

  it('its main entry imports no node: module, nor anything of the Node adapter or of @video/core but its zod module', () => {
    const core = join(root, 'node_modules', '@video', 'core', 'dist');
    const seen = new Set<string>();
    const visit = (dir: string, file: string): void => {
      if (seen.has(join(dir, file))) return;
      seen.add(join(dir, file));
      const code = readFileSync(join(dir, file), 'utf8');
      expect(code, file).not.toMatch(/from\s*["']node:|import\(\s*["']node:|require\(\s*["']node:/);
      // Receiving callbacks needs no HTTP client: registering them (`/register`) does. zod comes
      // from @video/core/zod, the one bundled copy the packages share, which imports nothing.
      expect(code, file).not.toMatch(/["']@video\/core(?!\/zod["'])/);
      for (const [, local] of code.matchAll(/from\s*["']\.\/([^"']+)["']/g)) visit(dir, local!);
      if (/from\s*["']@video\/core\/zod["']/.test(code)) visit(core, 'zod.js');
    };
    visit(join(root, 'dist'), 'index.js');
    const files = [...seen].map((f) => f.slice(f.lastIndexOf('/') + 1));
    expect(files.some((f) => f.startsWith('node') || f.startsWith('register'))).toBe(false);
    expect(files).toContain('zod.js');
    for (const f of [...seen].filter((f) => f.startsWith(core))) expect(readFileSync(f, 'utf8'), f).not.toMatch(/^import .* from ["'](?!\.\/chunk-)/m);
    const cjs = readFileSync(join(root, 'dist/index.cjs'), 'utf8');
    expect(cjs).not.toMatch(/require\(\s*["']node:/);
    expect(cjs).not.toMatch(/["']@video\/core(?!\/zod["'])/);
    expect(readFileSync(join(core, 'zod.cjs'), 'utf8')).not.toMatch(/require\(/);
    // While the register entry does use it (so the checks above can fail).
    expect(readFileSync(join(root, 'dist/register.js'), 'utf8')).toMatch(/from\s*["']@video\/core["']/);
  });
});
