#!/usr/bin/env node
// Keeps the README's code in step with real, type-checked files. A README block written as
//   <!-- snippet: examples/snippets/src/archives.ts -->
//   ```ts
//   …
//   ```
//   <!-- /snippet -->
// holds the lines between `// snippet:start` and `// snippet:end` of that file.
//   node scripts/readme-snippets.mjs          rewrite the blocks from the files
//   node scripts/readme-snippets.mjs --check  exit 1 if a block differs from its file
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const BLOCK = /(<!-- snippet: (\S+) -->\n```ts\n)([\s\S]*?)(```\n<!-- \/snippet -->)/g;

export function snippetOf(file) {
  const text = readFileSync(join(root, file), 'utf8');
  const match = /\/\/ snippet:start\n([\s\S]*?)\n\s*\/\/ snippet:end/.exec(text);
  if (!match) throw new Error(`${file} has no // snippet:start … // snippet:end region`);
  const lines = match[1].split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)[0].length));
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}

/** The README with every block refreshed, and the files it includes. */
export function renderReadme(path = join(root, 'README.md')) {
  const before = readFileSync(path, 'utf8');
  const files = [];
  const after = before.replace(BLOCK, (_, open, file, _body, close) => {
    files.push(file);
    return open + snippetOf(file) + close;
  });
  return { before, after, files };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { before, after, files } = renderReadme();
  if (process.argv.includes('--check')) {
    if (before !== after) {
      console.error('README.md is out of date with examples/snippets: run `node scripts/readme-snippets.mjs`.');
      process.exit(1);
    }
    console.log(`README.md snippets up to date (${files.length} blocks).`);
  } else {
    writeFileSync(join(root, 'README.md'), after);
    console.log(`README.md: ${files.length} snippet blocks written.`);
  }
}
