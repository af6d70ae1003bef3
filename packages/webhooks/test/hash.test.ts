// sha256Hex has two paths: node:crypto (found through process.getBuiltinModule) and Web Crypto
// (Workers, edge runtimes). Both must give the same digest as an independent implementation.
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';

const bodies = [new Uint8Array(0), new TextEncoder().encode('{"a":1}'), randomBytes(1024), randomBytes(64 * 1024)];
const expected = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

afterEach(() => {
  vi.restoreAllMocks();
  vi.resetModules();
});

describe('sha256Hex', () => {
  it('with node:crypto', async () => {
    const lookup = vi.spyOn(process, 'getBuiltinModule');
    const { sha256Hex } = await import('../src/hash.js');
    for (const body of bodies) expect(await sha256Hex(body)).toBe(expected(body));
    expect(lookup).toHaveBeenCalledWith('node:crypto');
  });

  it('with Web Crypto, where the runtime has no node:crypto', async () => {
    vi.spyOn(process, 'getBuiltinModule').mockReturnValue(undefined as never);
    const digest = vi.spyOn(crypto.subtle, 'digest');
    const { sha256Hex } = await import('../src/hash.js');
    for (const body of bodies) expect(await sha256Hex(body)).toBe(expected(body));
    expect(digest).toHaveBeenCalledTimes(bodies.length);
  });
});
