#!/usr/bin/env node
// Bundles small entry programs with esbuild (--bundle --minify --platform=node, ESM) and prints a
// table of their sizes against two figures: `target`, the size the project aims for (met or
// missed), and `limit`, the size it must not exceed (a regression: the script then fails).
// Run after `pnpm build`.
import { build } from 'esbuild';
import { realpathSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url).pathname;

/**
 * What each entry does, its code, its target and its limit in bytes (minified). Exported for the
 * benchmark (bench/src/bundles.ts), which prints these budgets beside the official SDKs' sizes.
 */
export const entries = [
  {
    name: 'client token only (@video/auth)',
    code: `import { generateToken } from '@video/auth';
export const token = (creds, sid) => generateToken(creds, sid, { role: 'publisher' });`,
    target: 16_000,
    limit: 14_000,
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
    target: 44_000,
    // Measured on dist/ since 2026-12 (the sources gave ~4 KB more); includes the API's error codes.
    limit: 60_000,
  },
  {
    name: 'start + stop an archive (@video/archives)',
    code: `import { createClient } from '@video/core';
import { startArchive, stopArchive } from '@video/archives';
export async function handler(creds, sid) {
  const client = createClient(creds);
  return stopArchive(client, (await startArchive(client, sid)).id);
}`,
    target: 44_000,
    // Measured on dist/ since 2026-12; includes the API's error codes and the transcription rules.
    limit: 58_500,
  },
  {
    name: 'callback receiver, every event (@video/webhooks)',
    code: `import { handleCallback } from '@video/webhooks';
export default { fetch: (req, env) => handleCallback(req, { secret: env.SECRET, onEvent: env.onEvent }) };`,
    target: 40_000,
    // 2026-12: +0.1 KB for SHA-256 through node:crypto where available (verification 1.6× faster),
    // +0.3 KB for keeping imported HMAC keys (1.3× faster again); -0.4 KB from @video/core/zod.
    limit: 40_500,
  },
  {
    name: 'everything (@video/server-sdk Video class)',
    code: `import { Video } from '@video/server-sdk';
export const make = (creds) => new Video(creds);`,
    target: 75_000,
    // 2026-12: +4 KB for the API's error codes, migrateSession and the legacy callback registration,
    // +4.6 KB for Video.fromEnv (a static method cannot be shaken out), log levels and the client check.
    limit: 88_000,
  },
];

const packages = ['auth', 'core', 'sessions', 'archives', 'broadcasts', 'sip', 'moderation', 'captions', 'renders', 'webhooks', 'server-sdk'];
for (const name of packages) {
  // The umbrella re-exports every package: it gets the whole SDK's limit.
  const limit = name === 'server-sdk' ? 91_000 : 60_000;
  entries.push({ name: `all of @video/${name}`, code: `export * from '@video/${name}';`, target: limit, limit });
}

/** Whether this file is the program being run (`node scripts/size.mjs`), not an import. */
const isMain = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

/**
 * Bytes of `contents` bundled as users' bundlers would (esbuild --bundle --minify --platform=node,
 * ESM), resolved from `resolveDir`, and of that bundle gzipped (-9). Also used by the benchmark.
 */
export async function measureBundle(contents, resolveDir) {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'js' },
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    // The root tsconfig maps @video/* to the sources (for tests); measure what users install: dist/.
    tsconfigRaw: {},
  });
  const bytes = result.outputFiles[0].contents;
  return { bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

if (isMain) await main();

async function main() {
  const rows = [];
  let over = 0;
  for (const entry of entries) {
    const { bytes: size, gzip } = await measureBundle(entry.code, root);
    if (size > entry.limit) over += 1;
    const target = size <= entry.target ? 'met' : `missed by ${((size - entry.target) / 1000).toFixed(1)} KB`;
    const fmt = (n) => n.toLocaleString('en');
    rows.push(
      `| ${entry.name} | ${fmt(size)} | ${fmt(gzip)} | ${fmt(entry.target)} | ${target} | ${fmt(entry.limit)} | ${size <= entry.limit ? 'ok' : 'OVER'} |`,
    );
  }
  console.log('| bundle | min bytes | gzip -9 | target | | limit | |\n| --- | ---: | ---: | ---: | --- | ---: | --- |\n' + rows.join('\n'));
  process.exit(over === 0 ? 0 : 1);
}
