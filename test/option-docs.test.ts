// Options are declared once, as zod/mini shapes whose properties carry the TSDoc. This checks
// that the docs survive into what users install: in each built package's declarations, every
// property of every exported `…Options` type has documentation a hover can show.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, expect, it } from 'vitest';
import { importEntries, publishedPackages } from './support/declarations.js';

const root = join(import.meta.dirname, '..');
const work = join(root, '.tmp', 'option-docs');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const names = publishedPackages()
  .map((pkg) => pkg.name)
  .filter((name) => name !== '@video/emulator');

it('every property of every exported options type is documented in the built declarations', () => {
  const { checker, modules } = importEntries(work, names, 'esm');
  const undocumented: string[] = [];
  let checked = 0;
  modules.forEach((module, i) => {
    for (const exported of checker.getExportsOfModule(module!)) {
      if (!/Options$/.test(exported.name)) continue;
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (!(symbol.flags & ts.SymbolFlags.Type)) continue;
      const type = checker.getDeclaredTypeOfSymbol(symbol);
      for (const property of checker.getPropertiesOfType(type)) {
        checked += 1;
        if (ts.displayPartsToString(property.getDocumentationComment(checker)).trim() === '') {
          undocumented.push(`${names[i]} ${exported.name}.${property.name}`);
        }
      }
    }
  });
  expect(checked).toBeGreaterThan(100);
  expect(undocumented).toEqual([]);
});
