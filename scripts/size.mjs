#!/usr/bin/env node
// Bundles small entry programs with esbuild (--bundle --minify --platform=node, ESM), prints a
// table of their sizes, and fails if one is over its budget. Run after `pnpm build`.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;

/** What each entry does, its code, and its budget in bytes (minified). */
const entries = [
  {
    name: 'client token only (@video/auth)',
    code: `import { generateToken } from '@video/auth';
export const token = (creds, sid) => generateToken(creds, sid, { role: 'publisher' });`,
    budget: 16_000,
  },
  {
    name: 'create a session + token (@video/sessions)',
    code: `import { createClient } from '@video/core';
import { createSession, generateToken } from '@video/sessions';
export async function handler(creds) {
  const client = createClient(creds);
  const { sessionId } = await createSession(client, { mediaMode: 'routed' });
  return generateToken(client, sessionId);
}`,
    budget: 44_000,
  },
  {
    name: 'start + stop an archive (@video/archives)',
    code: `import { createClient } from '@video/core';
import { startArchive, stopArchive } from '@video/archives';
export async function handler(creds, sid) {
  const client = createClient(creds);
  return stopArchive(client, (await startArchive(client, sid)).id);
}`,
    budget: 44_000,
  },
  {
    name: 'everything (@video/server-sdk Video class)',
    code: `import { Video } from '@video/server-sdk';
export const make = (creds) => new Video(creds);`,
    budget: 75_000,
  },
];

const packages = ['auth', 'core', 'sessions', 'archives', 'broadcasts', 'sip', 'moderation', 'captions', 'renders', 'server-sdk'];
for (const name of packages) {
  entries.push({ name: `all of @video/${name}`, code: `export * from '@video/${name}';`, budget: 60_000 });
}

const rows = [];
let over = 0;
for (const entry of entries) {
  const result = await build({
    stdin: { contents: entry.code, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  const bytes = result.outputFiles[0].contents;
  const ok = bytes.length <= entry.budget;
  if (!ok) over += 1;
  rows.push(
    `| ${entry.name} | ${bytes.length.toLocaleString('en')} | ${gzipSync(bytes, { level: 9 }).length.toLocaleString('en')} | ${entry.budget.toLocaleString('en')} | ${ok ? 'ok' : 'OVER'} |`,
  );
}
console.log('| bundle | min bytes | gzip -9 | budget | |\n| --- | ---: | ---: | ---: | --- |\n' + rows.join('\n'));
process.exit(over === 0 ? 0 : 1);
