// The main entry must run where there is no Node: a receiver bundled for the web has no `node:`
// import, and runs in a fresh V8 context that has only Web APIs (no process, Buffer, require).
import { join } from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { authorization, bodyOf, EVENT_NAMES, PAYLOADS, SECRET } from './fixtures.js';

const root = join(import.meta.dirname, '..');
const RECEIVER = `import { handleCallback } from './src/index.ts';
export default {
  fetch: (request, env) => handleCallback(request, { secret: env.SECRET, onEvent: (event) => env.events.push(event), onError: (e) => env.errors?.push(e) }),
};`;

async function bundle(platform: 'browser' | 'neutral', format: 'esm' | 'iife'): Promise<string> {
  const result = await build({
    stdin: { contents: RECEIVER, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    platform,
    format,
    globalName: format === 'iife' ? 'receiver' : undefined,
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

const NODE_IMPORT = /(?:from\s*|import\s*\(\s*|require\s*\(\s*)["'](?:node:|crypto["']|http["']|buffer["']|stream["'])/;

describe('the edge bundle of a receiver', () => {
  it('has no node: import or require, for a neutral (Workers) and a browser build', async () => {
    for (const [platform, format] of [['neutral', 'esm'], ['browser', 'iife']] as const) {
      const code = await bundle(platform, format);
      expect(code).not.toMatch(NODE_IMPORT);
      expect(code).not.toMatch(/\bprocess\.(env|versions|getBuiltinModule)\b/);
    }
  });

  it('verifies every event in a context with Web APIs only', async () => {
    const code = await bundle('browser', 'iife');
    const { crypto, TextEncoder, TextDecoder, Request, Response, Headers, ReadableStream, Blob, URL, atob, btoa } = globalThis;
    const context = vm.createContext({ crypto, TextEncoder, TextDecoder, Request, Response, Headers, ReadableStream, Blob, URL, atob, btoa });
    vm.runInContext(code, context);
    expect(vm.runInContext('typeof process + typeof Buffer + typeof require', context)).toBe('undefinedundefinedundefined');
    const receiver = (context as { receiver: { default: { fetch: (r: Request, env: object) => Promise<Response> } } }).receiver.default;
    const events: Array<{ type: string; timestamp?: unknown }> = [];
    const errors: unknown[] = [];
    for (const name of EVENT_NAMES) {
      const text = bodyOf(PAYLOADS[name]);
      const request = new Request('https://example.com/callbacks', { method: 'POST', headers: { authorization: authorization(text) }, body: text });
      const response = await receiver.fetch(request, { SECRET, events, errors });
      expect(response.status, `${name}: ${String(errors[0])}`).toBe(204);
    }
    expect(events.map((e) => e.type)).toEqual(EVENT_NAMES);
    expect(Object.prototype.toString.call(events[0]!.timestamp)).toBe('[object Date]');
    const forged = await receiver.fetch(
      new Request('https://example.com/callbacks', { method: 'POST', headers: { authorization: authorization('{}', { secret: 'x' }) }, body: '{}' }),
      { SECRET, events },
    );
    expect(forged.status).toBe(401);
  });
});
