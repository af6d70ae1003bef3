// Bundles the worker the way an edge platform would (one ESM file, minified, no Node built-ins)
// and prints its size.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

const result = await build({
  entryPoints: [new URL('./src/worker.ts', import.meta.url).pathname],
  outfile: new URL('./dist/worker.js', import.meta.url).pathname,
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  write: false,
});
const [file] = result.outputFiles;
const { mkdirSync, writeFileSync } = await import('node:fs');
mkdirSync(new URL('./dist', import.meta.url), { recursive: true });
writeFileSync(file.path, file.contents);
console.log(`dist/worker.js: ${file.contents.length.toLocaleString('en')} bytes minified, ${gzipSync(file.contents).length.toLocaleString('en')} gzipped`);
