// On Node the tokens are signed through node:crypto (reached via process.getBuiltinModule). Where
// that is missing — browsers, Workers, edge runtimes — Web Crypto signs them: prove that path too.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OPENTOK_SESSION, PKCS1_PEM, VONAGE_SESSION, opentok, verifyOpenTokJwt, verifyT1, verifyVonageJwt, vonage } from './fixtures.js';

const original = process.getBuiltinModule;
afterEach(() => {
  process.getBuiltinModule = original;
  vi.restoreAllMocks();
  vi.resetModules();
});

describe('without node:crypto', () => {
  it('signs every token kind with Web Crypto, verifiable by independent code', async () => {
    vi.resetModules();
    (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
    const subtleSign = vi.spyOn(crypto.subtle, 'sign');
    const auth = await import('@video/auth');

    const rs = await auth.generateToken({ applicationId: vonage.applicationId, privateKey: PKCS1_PEM }, VONAGE_SESSION, { data: 'ünïcode' });
    expect((await verifyVonageJwt(rs)).payload.connection_data).toBe('ünïcode');
    const hs = await auth.generateToken(opentok, OPENTOK_SESSION, { role: 'moderator' });
    expect((await verifyOpenTokJwt(hs)).payload.role).toBe('moderator');
    expect(verifyT1(await auth.generateToken(opentok, OPENTOK_SESSION, { format: 't1', data: 'a&b' })).validSignature).toBe(true);
    expect((await verifyOpenTokJwt(await auth.createRestToken(opentok))).payload.ist).toBe('project');

    expect(subtleSign).toHaveBeenCalledTimes(4);
  });

  it('uses node:crypto when it is there', async () => {
    vi.resetModules();
    const subtleSign = vi.spyOn(crypto.subtle, 'sign');
    const auth = await import('@video/auth');
    await auth.generateToken(opentok, OPENTOK_SESSION);
    expect(subtleSign).not.toHaveBeenCalled();
  });
});
