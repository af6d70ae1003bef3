// createClientFromEnv: every combination of the VIDEO_* variables, against the emulator over real
// sockets, and an edge-style bundle of the main entry that must hold no `node:` import.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientFromEnv, ENV_VARIABLES, VideoValidationError, type Env } from '@video/core';
import { createSession } from '@video/sessions';
import { MODES, startHarness, type Harness, type Mode } from '../../../test/support/harness.js';
import { expectRejectedLocally, rejection } from '../../../test/support/assertions.js';

let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await startHarness();
  dir = mkdtempSync(join(tmpdir(), 'video-from-env-'));
});
afterAll(async () => {
  await h.stop();
  rmSync(dir, { recursive: true, force: true });
});

const vonage = () => h.emu.credentials.vonage as { applicationId: string; privateKey: string };
const opentok = () => h.emu.credentials.opentok as { apiKey: string | number; apiSecret: string };
const keyFile = (content: string) => {
  const path = join(dir, `key-${Math.random().toString(36).slice(2)}.pem`);
  writeFileSync(path, content);
  return path;
};

/** The environments that must work, per credential kind, with the emulator as the host. */
function goodEnvs(mode: Mode): [string, Env][] {
  const base = { VIDEO_BASE_URL: h.emu.url };
  if (mode === 'opentok') {
    return [
      ['VIDEO_API_KEY + VIDEO_API_SECRET', { ...base, VIDEO_API_KEY: String(opentok().apiKey), VIDEO_API_SECRET: opentok().apiSecret }],
      // Blank Vonage variables (as `VIDEO_PRIVATE_KEY=` in a .env file) count as unset.
      ['with blank Vonage variables', { ...base, VIDEO_API_KEY: String(opentok().apiKey), VIDEO_API_SECRET: opentok().apiSecret, VIDEO_APPLICATION_ID: '', VIDEO_PRIVATE_KEY: ' ' }],
    ];
  }
  const { applicationId, privateKey } = vonage();
  return [
    ['VIDEO_APPLICATION_ID + VIDEO_PRIVATE_KEY (PEM)', { ...base, VIDEO_APPLICATION_ID: applicationId, VIDEO_PRIVATE_KEY: privateKey }],
    ['VIDEO_PRIVATE_KEY on one line with \\n escapes', { ...base, VIDEO_APPLICATION_ID: applicationId, VIDEO_PRIVATE_KEY: privateKey.trim().replace(/\n/g, '\\n') }],
    ['VIDEO_APPLICATION_ID + VIDEO_PRIVATE_KEY_PATH', { ...base, VIDEO_APPLICATION_ID: applicationId, VIDEO_PRIVATE_KEY_PATH: keyFile(privateKey) }],
    ['with blank OpenTok variables', { ...base, VIDEO_APPLICATION_ID: applicationId, VIDEO_PRIVATE_KEY: privateKey, VIDEO_API_KEY: '', VIDEO_API_SECRET: '' }],
  ];
}

describe.each(MODES)('createClientFromEnv with %s credentials', (mode) => {
  it('builds a client that the emulator accepts, for each way of giving the credentials', async () => {
    for (const [name, env] of goodEnvs(mode)) {
      const client = createClientFromEnv({ env, retry: false });
      expect({ name, mode: client.mode, baseUrl: client.baseUrl }).toEqual({ name, mode, baseUrl: h.emu.url });
      await h.mark();
      const session = await createSession(client, { mediaMode: 'routed' });
      expect(session.sessionId, name).toMatch(/^[12]_MX/);
      const [request] = await h.requests();
      expect(request?.auth?.alg, name).toBe(mode === 'vonage' ? 'RS256' : 'HS256');
    }
  });

  it('reads process.env when no env is given, and passes the other options on', async () => {
    const saved = Object.fromEntries(ENV_VARIABLES.map((name) => [name, process.env[name]]));
    try {
      for (const name of ENV_VARIABLES) delete process.env[name];
      Object.assign(process.env, goodEnvs(mode)[0]![1]);
      const seen: string[] = [];
      const client = createClientFromEnv({ retry: false, onRequest: (event) => seen.push(event.operation) });
      expect(client.mode).toBe(mode);
      await createSession(client);
      expect(seen).toEqual(['createSession']);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('checks the client options as createClient does', async () => {
    const env = goodEnvs(mode)[0]![1];
    await expectRejectedLocally(h, () => createClientFromEnv({ env, timeout: 20 }), 'timeout');
    await expectRejectedLocally(h, () => createClientFromEnv({ env, nope: 1 } as never), 'nope');
  });
});

describe('createClientFromEnv errors', () => {
  const secretOf = () => [vonage().privateKey.split('\n')[1]!, opentok().apiSecret];

  /** [case, env, field, message pattern]. */
  const cases = (): [string, Env, string, RegExp][] => {
    const { applicationId, privateKey } = vonage();
    const apiKey = String(opentok().apiKey);
    const { apiSecret } = opentok();
    return [
      ['nothing set', {}, 'env', /has no video credentials: set VIDEO_APPLICATION_ID with VIDEO_PRIVATE_KEY .* or VIDEO_API_KEY with VIDEO_API_SECRET/],
      ['only blanks', { VIDEO_APPLICATION_ID: '', VIDEO_API_KEY: '  ' }, 'env', /has no video credentials/],
      ['both kinds', { VIDEO_APPLICATION_ID: applicationId, VIDEO_PRIVATE_KEY: privateKey, VIDEO_API_KEY: apiKey, VIDEO_API_SECRET: apiSecret }, 'env', /VIDEO_APPLICATION_ID and VIDEO_API_KEY are both set/],
      ['a key and a secret', { VIDEO_PRIVATE_KEY: privateKey, VIDEO_API_SECRET: apiSecret }, 'env', /VIDEO_PRIVATE_KEY and VIDEO_API_SECRET are both set/],
      ['key and key path', { VIDEO_APPLICATION_ID: applicationId, VIDEO_PRIVATE_KEY: privateKey, VIDEO_PRIVATE_KEY_PATH: '/k.pem' }, 'VIDEO_PRIVATE_KEY_PATH', /cannot be combined with VIDEO_PRIVATE_KEY/],
      ['application ID alone', { VIDEO_APPLICATION_ID: applicationId }, 'VIDEO_PRIVATE_KEY', /is not set, nor VIDEO_PRIVATE_KEY_PATH/],
      ['private key alone', { VIDEO_PRIVATE_KEY: privateKey }, 'VIDEO_APPLICATION_ID', /is not set, but VIDEO_PRIVATE_KEY is/],
      ['key path alone', { VIDEO_PRIVATE_KEY_PATH: '/k.pem' }, 'VIDEO_APPLICATION_ID', /is not set, but VIDEO_PRIVATE_KEY_PATH is/],
      ['API key alone', { VIDEO_API_KEY: apiKey }, 'VIDEO_API_SECRET', /is not set, but VIDEO_API_KEY is/],
      ['API secret alone', { VIDEO_API_SECRET: apiSecret }, 'VIDEO_API_KEY', /is not set, but VIDEO_API_SECRET is/],
      ['application ID not a UUID', { VIDEO_APPLICATION_ID: 'my-app', VIDEO_PRIVATE_KEY: privateKey }, 'VIDEO_APPLICATION_ID', /must be the application ID, a UUID/],
      ['API key not numeric', { VIDEO_API_KEY: 'abc', VIDEO_API_SECRET: apiSecret }, 'VIDEO_API_KEY', /must be the numeric project API key/],
      ['a path in VIDEO_PRIVATE_KEY', { VIDEO_APPLICATION_ID: applicationId, VIDEO_PRIVATE_KEY: './private.key' }, 'VIDEO_PRIVATE_KEY', /looks like a file path: set VIDEO_PRIVATE_KEY_PATH/],
      ['garbage in VIDEO_PRIVATE_KEY', { VIDEO_APPLICATION_ID: applicationId, VIDEO_PRIVATE_KEY: 'not a key at all' }, 'VIDEO_PRIVATE_KEY', /is not a PEM key/],
      ['a missing key file', { VIDEO_APPLICATION_ID: applicationId, VIDEO_PRIVATE_KEY_PATH: join(dir, 'absent.pem') }, 'VIDEO_PRIVATE_KEY_PATH', /cannot read the file ".*absent\.pem" \(ENOENT\)/],
      ['a key file that is no key', { VIDEO_APPLICATION_ID: applicationId, VIDEO_PRIVATE_KEY_PATH: keyFile('hello') }, 'VIDEO_PRIVATE_KEY_PATH', /names a file that holds no private key/],
      ['a plain-http base URL', { VIDEO_API_KEY: apiKey, VIDEO_API_SECRET: apiSecret, VIDEO_BASE_URL: 'http://api.example.com' }, 'VIDEO_BASE_URL', /must use https:\/\//],
      ['a base URL that is no URL', { VIDEO_API_KEY: apiKey, VIDEO_API_SECRET: apiSecret, VIDEO_BASE_URL: 'emulator' }, 'VIDEO_BASE_URL', /must be an absolute URL/],
      ['a value that is not a string', { VIDEO_API_KEY: 123 as unknown as string, VIDEO_API_SECRET: apiSecret }, 'VIDEO_API_KEY', /must be a string, got number/],
    ];
  };

  it('names the variable that is missing, conflicting or invalid, before any request, and never a secret', async () => {
    for (const [name, env, field, message] of cases()) {
      const error = await expectRejectedLocally(h, () => createClientFromEnv({ env }), field);
      expect(error.message, name).toMatch(message);
      for (const secret of secretOf()) expect(error.message, name).not.toContain(secret);
    }
  });

  it('rejects an env or options that are not objects', async () => {
    await expectRejectedLocally(h, () => createClientFromEnv({ env: 'VIDEO_API_KEY=1' as never }), 'env');
    await expectRejectedLocally(h, () => createClientFromEnv({ env: null as never }), 'env');
    await expectRejectedLocally(h, () => createClientFromEnv('env' as never), 'options');
  });

  it('ignores variables inherited from a polluted Object.prototype', async () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.VIDEO_API_KEY = String(opentok().apiKey);
    proto.VIDEO_API_SECRET = opentok().apiSecret;
    try {
      const error = await rejection(() => createClientFromEnv({ env: {} }));
      expect(error).toBeInstanceOf(VideoValidationError);
      expect((error as VideoValidationError).field).toBe('env');
    } finally {
      delete proto.VIDEO_API_KEY;
      delete proto.VIDEO_API_SECRET;
    }
  });

  it('says how to give the key where there is no node:fs (Workers)', async () => {
    const proc = process as { getBuiltinModule?: unknown };
    const saved = proc.getBuiltinModule;
    proc.getBuiltinModule = undefined;
    try {
      const env = { VIDEO_APPLICATION_ID: vonage().applicationId, VIDEO_PRIVATE_KEY_PATH: keyFile(vonage().privateKey) };
      const error = await expectRejectedLocally(h, () => createClientFromEnv({ env }), 'VIDEO_PRIVATE_KEY_PATH');
      expect(error.message).toMatch(/cannot be read on this runtime .*set VIDEO_PRIVATE_KEY to the PEM text/);
    } finally {
      proc.getBuiltinModule = saved;
    }
  });
});

describe('edge bundle', () => {
  it('bundles the main entry, createClientFromEnv included, for a neutral platform without node: modules', async () => {
    const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
    const result = await build({
      stdin: { contents: `export { createClientFromEnv, createClient } from ${JSON.stringify(entry)};`, resolveDir: dir, loader: 'ts' },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      conditions: ['import'],
      define: { __VERSION__: '"0.0.0"' },
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    expect(code).toContain('VIDEO_PRIVATE_KEY_PATH');
    // The only `node:` text allowed is a guarded runtime lookup, never an import or a require.
    expect(code).not.toMatch(/\b(import|require)\s*\(?\s*["']node:/);
    expect(code).not.toMatch(/from\s*["']node:/);
    const lookups = code.match(/["']node:[a-z]+["']/g) ?? [];
    expect(new Set(lookups)).toEqual(new Set(['"node:crypto"', '"node:fs"']));
    expect(code).toMatch(/getBuiltinModule\?\.\(["']node:fs["']\)/);
  });
});
