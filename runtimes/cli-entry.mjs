// Entry point of the smoke suite for runtimes that run a module from a file: Node, Bun, Deno.
// The host passes the configuration in the environment variable VIDEO_SMOKE_CONFIG (JSON) and
// reads one line from stdout: `SMOKE_RESULT {"runtime", "version", "checks"}`. Exit code 1 when a
// check failed.
import { BUILT_CHECK, IMPORTS, smoke } from './smoke.mjs';

const deno = globalThis.Deno;
const bun = globalThis.Bun;
const raw = deno ? deno.env.get('VIDEO_SMOKE_CONFIG') : globalThis.process.env.VIDEO_SMOKE_CONFIG;
if (!raw) throw new Error('VIDEO_SMOKE_CONFIG is not set: run this through runtimes/run.mjs');

const [runtime, version] = deno
  ? ['deno', deno.version.deno]
  : bun
    ? ['bun', bun.version]
    : ['node', globalThis.process.versions.node];

// Where the runtime itself resolves the imports: a tsconfig `paths` mapping or a `source`
// condition could make it load the TypeScript sources instead of what is published.
const built = (() => {
  try {
    const wrong = IMPORTS.map((s) => [s, import.meta.resolve(s)]).filter(([, url]) => !/\/packages\/[a-z-]+\/dist\/[^/]+\.js$/.test(url));
    return wrong.length ? { name: BUILT_CHECK, ok: false, error: wrong.map(([s, url]) => `${s} -> ${url}`).join(', ') } : { name: BUILT_CHECK, ok: true };
  } catch (error) {
    return { name: BUILT_CHECK, ok: false, error: String(error) };
  }
})();
// Self-test of the matrix's stderr rule (test/runtimes.test.ts): a deprecation warning, as a
// runtime prints one, must fail the runtime although every check passes.
if (!deno && globalThis.process.env.VIDEO_SMOKE_EMIT_WARNING) {
  globalThis.process.emitWarning('simulated by VIDEO_SMOKE_EMIT_WARNING', { type: 'DeprecationWarning', code: 'DEP0000' });
}
const checks = [built, ...(await smoke(JSON.parse(raw)))];
console.log(`SMOKE_RESULT ${JSON.stringify({ runtime, version, checks })}`);
if (checks.some((c) => !c.ok)) {
  if (deno) deno.exitCode = 1;
  else globalThis.process.exitCode = 1;
}
