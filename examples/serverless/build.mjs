// Bundles the handler the way a serverless platform would (one file, minified, no Node built-ins)
// and prints its size.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

const result = await build({
  entryPoints: [new URL('./src/handler.ts', import.meta.url).pathname],
  outfile: new URL('./dist/handler.js', import.meta.url).pathname,
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  metafile: true,
});
const [output] = Object.values(result.metafile.outputs);
const { readFileSync } = await import('node:fs');
const bytes = readFileSync(new URL('./dist/handler.js', import.meta.url));
console.log(`dist/handler.js: ${output.bytes.toLocaleString('en')} bytes minified, ${gzipSync(bytes).length.toLocaleString('en')} gzipped`);
