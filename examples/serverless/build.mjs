// Bundles the handler the way a serverless platform would (one file per entry, minified, no Node
// built-ins) and prints the sizes:
//   dist/handler.js  Cloudflare Workers, `deno serve`, `bun run` (the module's default `fetch`)
//   dist/lambda.mjs  AWS Lambda (exports `handler`; Node.js runtime, ESM)
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const entries = { handler: ['src/handler.ts', 'dist/handler.js'], lambda: ['src/lambda.ts', 'dist/lambda.mjs'] };
for (const [source, target] of Object.values(entries)) {
  const outfile = new URL(target, import.meta.url).pathname;
  await build({
    entryPoints: [new URL(source, import.meta.url).pathname],
    outfile,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    // Not the root tsconfig, which maps @video/* to the sources for tests: bundle what users install.
    tsconfigRaw: {},
  });
  const bytes = readFileSync(outfile);
  console.log(`${target}: ${bytes.length.toLocaleString('en')} bytes minified, ${gzipSync(bytes).length.toLocaleString('en')} gzipped`);
}
