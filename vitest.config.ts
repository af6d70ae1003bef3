// One vitest run for the whole repository, one project per package and example.
// `@video/*` imports resolve to the TypeScript sources, so tests need no build; the packaging
// tests import the built `dist/` output in child processes on purpose.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const dirs = (parent: string) =>
  existsSync(root + parent) ? readdirSync(root + parent).filter((d) => existsSync(`${root}${parent}/${d}/test`)) : [];

const alias = [
  { find: /^@video\/core\/undici$/, replacement: `${root}packages/core/src/undici/index.ts` },
  { find: /^@video\/core\/toolkit$/, replacement: `${root}packages/core/src/toolkit.ts` },
  { find: /^@video\/core\/zod$/, replacement: `${root}packages/core/src/zod.ts` },
  { find: /^@video\/webhooks\/node$/, replacement: `${root}packages/webhooks/src/node.ts` },
  { find: /^@video\/webhooks\/register$/, replacement: `${root}packages/webhooks/src/register.ts` },
  { find: /^@video\/auth\/verify$/, replacement: `${root}packages/auth/src/verify.ts` },
  { find: /^@video\/([a-z-]+)$/, replacement: `${root}packages/$1/src/index.ts` },
];

export default defineConfig({
  resolve: { alias },
  define: { __VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    projects: [
      { extends: true as const, test: { name: 'repo', root, include: ['test/**/*.test.ts'] } },
      ...dirs('packages').map((name) => ({
        extends: true as const,
        test: { name, root: `${root}packages/${name}`, include: ['test/**/*.test.ts'] },
      })),
      ...dirs('examples').map((name) => ({
        extends: true as const,
        test: { name: `example-${name}`, root: `${root}examples/${name}`, include: ['test/**/*.test.ts'] },
      })),
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
