// A package's runtime exports and the values its type declarations promise must be the same names,
// for every entry point, loaded with import() and with require(). (A `.d.ts` that promises a value
// the runtime lacks type-checks a consumer that then fails at load time.)
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { importEntries, publishedPackages } from './support/declarations.js';

const root = join(import.meta.dirname, '..');
const work = join(root, '.tmp', 'exports');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every import path a user can write: each package's name plus its subpaths. */
const entries = publishedPackages()
  .flatMap((pkg) =>
    Object.keys(pkg.exports as Record<string, unknown>)
      .filter((key) => key !== './package.json')
      .map((key) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`)),
  )
  .sort() as string[];

/** Names the built JavaScript exports, as `import()` (esm) or `require()` (cjs) sees them. */
function runtimeNames(kind: 'esm' | 'cjs'): Record<string, string[]> {
  const script =
    kind === 'esm'
      ? `const out = {}; for (const e of ${JSON.stringify(entries)}) out[e] = Object.keys(await import(e)).sort(); console.log(JSON.stringify(out));`
      : `const out = {}; for (const e of ${JSON.stringify(entries)}) out[e] = Object.keys(require(e)).filter((k) => k !== '__esModule').sort(); console.log(JSON.stringify(out));`;
  const args = kind === 'esm' ? ['--input-type=module', '-e', script] : ['-e', script];
  return JSON.parse(execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }));
}

/** Names the declarations export as values (functions, classes, constants), per entry. */
function declaredValues(kind: 'esm' | 'cjs'): Record<string, string[]> {
  const { checker, modules } = importEntries(work, entries, kind);
  const out: Record<string, string[]> = {};
  modules.forEach((module, i) => {
    expect(module, `${entries[i]} has type declarations (${kind})`).toBeDefined();
    out[entries[i]!] = checker
      .getExportsOfModule(module!)
      .filter((symbol) => {
        const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        return (target.flags & ts.SymbolFlags.Value) !== 0;
      })
      .map((symbol) => symbol.name)
      .sort();
  });
  return out;
}

describe('runtime exports agree with the declarations', () => {
  it('lists every entry point', () => {
    expect(entries).toEqual(expect.arrayContaining(['@video/core', '@video/core/toolkit', '@video/core/undici', '@video/server-sdk']));
  });

  it.each(['esm', 'cjs'] as const)('%s: each entry exports at run time exactly the values its .d.ts declares', (kind) => {
    const runtime = runtimeNames(kind);
    const declared = declaredValues(kind);
    for (const entry of entries) {
      expect({ entry, names: runtime[entry] }).toEqual({ entry, names: declared[entry] });
    }
  });
});
