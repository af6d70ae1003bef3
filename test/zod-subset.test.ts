// The SDK's packages import `zod/mini` in their sources, but their builds load `@video/core/zod`
// instead: one bundled module with only the functions listed there (see packages/core/src/zod.ts).
// A function used in a source but missing from that list would be `undefined` in the built package,
// so this reads every source that the redirect applies to and checks each zod/mini value it uses.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as shared from '@video/core/zod';

const root = join(import.meta.dirname, '..');

/** The packages whose builds redirect zod/mini: @video/core and every package that depends on it. */
const redirected = readdirSync(join(root, 'packages')).filter((dir) => {
  const pkg = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
  return pkg.name === '@video/core' || '@video/core' in (pkg.dependencies ?? {});
});

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** zod/mini values a file uses at run time: `z.name` in expressions (types are not property accesses) and named imports. */
function zodValuesUsed(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const namespaces = new Set<string>();
  const used = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || (statement.moduleSpecifier as ts.StringLiteral).text !== 'zod/mini') continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) continue;
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) if (!element.isTypeOnly) used.add((element.propertyName ?? element.name).text);
    }
  }
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && namespaces.has(node.expression.text)) used.add(node.name.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...used];
}

describe('@video/core/zod', () => {
  const uses = redirected.flatMap((dir) =>
    sources(join(root, 'packages', dir, 'src')).flatMap((file) => zodValuesUsed(file).map((name) => ({ file: file.slice(root.length + 1), name }))),
  );

  it('the scan finds the packages and their zod/mini uses', () => {
    expect(redirected).toEqual(expect.arrayContaining(['core', 'sessions', 'archives', 'webhooks']));
    expect(redirected).not.toContain('emulator');
    expect(uses.length).toBeGreaterThan(100);
  });

  it('exports every zod/mini value those sources use', () => {
    const missing = uses.filter(({ file, name }) => !file.endsWith('core/src/zod.ts') && !(name in shared));
    expect(missing).toEqual([]);
  });

  it('exports nothing they do not use (every function listed costs bundle bytes)', () => {
    const names = new Set(uses.map((u) => u.name));
    expect(Object.keys(shared).filter((name) => !names.has(name))).toEqual([]);
  });
});
