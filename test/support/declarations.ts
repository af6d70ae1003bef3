// Reads the built packages' type declarations as a consumer's TypeScript would: a file that
// imports each entry point (ESM `import * as`, or CJS `import = require`), compiled with
// NodeNext resolution against the real node_modules.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const root = join(import.meta.dirname, '..', '..');

/** The publishable packages' manifests. */
export const publishedPackages = (): { name: string; exports: Record<string, unknown> }[] =>
  readdirSync(join(root, 'packages'))
    .map((dir) => JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')))
    .filter((pkg) => !pkg.private);

/** The module symbol of each entry (in order) and the checker that reads them. */
export function importEntries(dir: string, entries: readonly string[], kind: 'esm' | 'cjs') {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, kind === 'esm' ? 'consumer.mts' : 'consumer.cts');
  writeFileSync(
    file,
    entries.map((e, i) => (kind === 'esm' ? `import * as m${i} from '${e}';` : `import m${i} = require('${e}');`)).join('\n') + '\nexport {};\n',
  );
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const modules = program.getSourceFile(file)!.statements.map((statement) => {
    const specifier = ts.isImportDeclaration(statement)
      ? statement.moduleSpecifier
      : ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)
        ? statement.moduleReference.expression
        : undefined;
    return specifier && checker.getSymbolAtLocation(specifier);
  });
  return { checker, modules: modules.slice(0, entries.length) };
}
