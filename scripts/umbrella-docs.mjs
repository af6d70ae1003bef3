#!/usr/bin/env node
// Gives every method of the umbrella `Video` class the TSDoc of the function it wraps, so the docs
// are written once, on the function, and hovering `video.startArchive` explains as much as
// hovering `startArchive`. A method is recognised by the call in its body:
// `<namespace>.<function>(this.client, …)`, where `<namespace>` is an `import * as` of a package.
//   node scripts/umbrella-docs.mjs          rewrite the method docs in packages/server-sdk/src/video.ts
//   node scripts/umbrella-docs.mjs --check  exit 1 if a doc differs from its function's, or a public
//                                           method has none
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;
const file = join(root, 'packages/server-sdk/src/video.ts');

/** The TSDoc block (`/** … *\/`) right before `node`, with its start and end offsets. */
function docOf(source, node) {
  const ranges = ts.getLeadingCommentRanges(source.text, node.pos) ?? [];
  const last = ranges.at(-1);
  if (!last || !source.text.startsWith('/**', last.pos)) return undefined;
  return { pos: last.pos, end: last.end, text: source.text.slice(last.pos, last.end) };
}

/** A doc block re-indented for a position with `indent` spaces. */
function reindent(text, indent) {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? line : `${' '.repeat(indent)}${line.trimStart().startsWith('*') ? ' ' : ''}${line.trimStart()}`))
    .join('\n');
}

/** `{ archives: '@video/archives', … }` from the `import * as` lines. */
function namespaces(source) {
  const out = {};
  for (const statement of source.statements) {
    const binding = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : undefined;
    if (binding && ts.isNamespaceImport(binding)) out[binding.name.text] = statement.moduleSpecifier.text;
  }
  return out;
}

/** The `ns.fn` a method body calls with `this.client` first. */
function wrapped(method) {
  let found;
  const visit = (node) => {
    if (
      !found &&
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      node.arguments[0]?.getText() === 'this.client'
    ) {
      found = { ns: node.expression.expression.text, fn: node.expression.name.text };
    }
    ts.forEachChild(node, visit);
  };
  if (method.body) visit(method.body);
  return found;
}

/** Finds the exported function `name` in the package's sources and returns its doc text. */
const sources = new Map();
function functionDoc(pkg, name) {
  const dir = join(root, 'packages', pkg.replace('@video/', ''), 'src');
  const program = sources.get(dir) ?? ts.createProgram([join(dir, 'index.ts')], { allowJs: false, noEmit: true });
  sources.set(dir, program);
  for (const source of program.getSourceFiles()) {
    if (!source.fileName.startsWith(dir)) continue;
    for (const statement of source.statements) {
      if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return docOf(source, statement)?.text;
    }
  }
  return undefined;
}

const text = readFileSync(file, 'utf8');
const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
const imports = namespaces(source);
const video = source.statements.find((s) => ts.isClassDeclaration(s) && s.name?.text === 'Video');
const edits = [];
const problems = [];

for (const member of video.members) {
  if (!ts.isMethodDeclaration(member) || !member.name || !ts.isIdentifier(member.name)) continue;
  if (member.modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword)) continue;
  const name = member.name.text;
  const current = docOf(source, member);
  const target = wrapped(member);
  const pkg = target && imports[target.ns];
  const doc = pkg && functionDoc(pkg, target.fn);
  if (!doc) {
    if (!current) problems.push(`Video.${name} has no TSDoc and wraps no documented package function`);
    continue;
  }
  const indent = source.getLineAndCharacterOfPosition(member.getStart()).character;
  const wanted = reindent(doc, indent);
  if (current?.text === wanted) continue;
  if (current) edits.push({ pos: current.pos, end: current.end, text: wanted, name });
  else edits.push({ pos: member.getStart(), end: member.getStart(), text: `${wanted}\n${' '.repeat(indent)}`, name });
}

if (process.argv.includes('--check')) {
  for (const edit of edits) problems.push(`Video.${edit.name}: its TSDoc differs from the function's (run node scripts/umbrella-docs.mjs)`);
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log('umbrella docs: every Video method documented, each as its function');
} else {
  let out = text;
  for (const edit of edits.sort((a, b) => b.pos - a.pos)) out = out.slice(0, edit.pos) + edit.text + out.slice(edit.end);
  writeFileSync(file, out);
  console.log(`umbrella docs: ${edits.length} method doc(s) written${problems.length ? `\n${problems.join('\n')}` : ''}`);
  if (problems.length) process.exit(1);
}
