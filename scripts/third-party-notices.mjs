#!/usr/bin/env node
// Run by each package's build, after tsup, in the package's directory. Finds the third-party
// packages whose code the build bundled into dist/ (from the source maps: every bundled file is a
// source there) and writes their licences to dist/THIRD-PARTY-NOTICES.md, which ships with dist/.
// Their licences (MIT and the like) ask for the notice in every copy of the code. A bundled package
// without a licence file fails the build; nothing is written when nothing is bundled.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NOTICES = 'THIRD-PARTY-NOTICES.md';

/** The bundled third-party packages of a dist/ directory: name → its directory in node_modules. */
export function bundledPackages(dist) {
  const found = new Map();
  for (const file of readdirSync(dist).filter((f) => f.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(join(dist, file), 'utf8'));
    for (const source of map.sources ?? []) {
      // The last node_modules segment names the package (pnpm nests them: .pnpm/x@1/node_modules/x).
      const match = /^(.*\/node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(resolve(dist, map.sourceRoot ?? '', source));
      if (match) found.set(match[2], match[1]);
    }
  }
  return new Map([...found].sort(([a], [b]) => a.localeCompare(b)));
}

/** The text of dist/THIRD-PARTY-NOTICES.md for these packages. */
export function noticesFor(packageName, bundled) {
  const sections = [...bundled].map(([name, dir]) => {
    const { version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^licen[cs]e(\.(md|txt))?$/i.test(f));
    if (!file) throw new Error(`${packageName} bundles ${name}, which has no licence file in ${dir}`);
    return `## ${name} ${version} (${license})\n\n${readFileSync(join(dir, file), 'utf8').trim()}\n`;
  });
  return `# Third-party notices\n\nThe built code of \`${packageName}\` (dist/) includes code from the packages below, under these licences.\n\n${sections.join('\n')}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = join(process.cwd(), 'dist');
  const { name } = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8'));
  const bundled = bundledPackages(dist);
  const target = join(dist, NOTICES);
  if (bundled.size === 0) rmSync(target, { force: true });
  else writeFileSync(target, noticesFor(name, bundled));
}
