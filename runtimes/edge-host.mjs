// Runs the serverless bundle of the smoke suite in Vercel's EdgeRuntime sandbox (the npm package
// `edge-runtime`: a Node `vm` context holding only the edge globals — fetch, Web Crypto, streams;
// no `process`, no `require`, no code generation). Started by run.mjs in a process of its own,
// with: node edge-host.mjs <bundle.js> <directory where edge-runtime is installed>, and the
// configuration in VIDEO_SMOKE_CONFIG. Prints the same `SMOKE_RESULT` line as cli-entry.mjs.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const BUILT_CHECK = 'imports are the built packages (dist/)';
const [bundlePath, installDir] = process.argv.slice(2);
const require = createRequire(join(installDir, 'index.js'));
const { EdgeRuntime } = require('edge-runtime');
const { version } = require('edge-runtime/package.json');
const bundle = readFileSync(bundlePath, 'utf8');

// esbuild heads each module of an unminified bundle with a `// path` comment.
const modules = [...bundle.matchAll(/^\s*\/\/ (packages\/[a-z-]+\/[^\s]+)$/gm)].map((m) => m[1]);
const sources = modules.filter((path) => !/^packages\/[a-z-]+\/dist\//.test(path));
const built =
  modules.length && !sources.length
    ? { name: BUILT_CHECK, ok: true }
    : { name: BUILT_CHECK, ok: false, error: sources.length ? `bundled ${sources.join(', ')}` : 'no package module in the bundle' };

const runtime = new EdgeRuntime({ initialCode: bundle });
const config = process.env.VIDEO_SMOKE_CONFIG;
// The result comes from the sandbox's realm: passed through JSON, it is plain data here.
const checks = [built, ...JSON.parse(JSON.stringify(await runtime.evaluate(`__videoSmoke(${config})`)))];
console.log(`SMOKE_RESULT ${JSON.stringify({ runtime: 'edge-runtime', version: `${version} (on node ${process.versions.node})`, checks })}`);
if (checks.some((c) => !c.ok)) process.exitCode = 1;
