import { createPrivateKey } from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCredentials, generateToken, VideoValidationError } from '@video/auth';
import { API_KEY, APPLICATION_ID, PKCS1_PEM, PKCS8_PEM, rsa, VONAGE_SESSION, opentok, verifyVonageJwt } from './fixtures.js';

afterEach(() => vi.restoreAllMocks());

const der8 = rsa.privateKey.export({ type: 'pkcs8', format: 'der' });
const der1 = rsa.privateKey.export({ type: 'pkcs1', format: 'der' });

describe('Vonage private keys', () => {
  const forms: [string, unknown][] = [
    ['PKCS#8 PEM', PKCS8_PEM],
    ['PKCS#1 PEM', PKCS1_PEM],
    ['PEM with escaped \\n (from an env var)', PKCS8_PEM.replace(/\n/g, '\\n')],
    ['PKCS#1 PEM with escaped \\n', PKCS1_PEM.replace(/\n/g, '\\n')],
    ['PEM with CRLF and surrounding space', `\n  ${PKCS8_PEM.replace(/\n/g, '\r\n')}  \n`],
    ['PEM bytes', new Uint8Array(Buffer.from(PKCS1_PEM))],
    ['PKCS#8 DER bytes', new Uint8Array(der8)],
    ['PKCS#1 DER Buffer', der1],
    ['ArrayBuffer', new Uint8Array(der8).buffer],
    ['KeyObject', rsa.privateKey],
    ['KeyObject from PEM', createPrivateKey(PKCS1_PEM)],
  ];
  it.each(forms)('accepts a %s and signs verifiable tokens with it', async (_name, privateKey) => {
    const token = await generateToken({ applicationId: APPLICATION_ID, privateKey } as never, VONAGE_SESSION);
    const { payload } = await verifyVonageJwt(token);
    expect(payload.application_id).toBe(APPLICATION_ID);
  });

  it('accepts a CryptoKey', async () => {
    const key = await crypto.subtle.importKey(
      'pkcs8',
      new Uint8Array(der8),
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const token = await generateToken({ applicationId: APPLICATION_ID, privateKey: key }, VONAGE_SESSION);
    await expect(verifyVonageJwt(token)).resolves.toBeTruthy();
  });

  const rejected: [string, unknown, RegExp][] = [
    ['a relative path', './private.key', /looks like a file path.*readFileSync/],
    ['an absolute path', '/etc/keys/app.pem', /file path/],
    ['a bare file name', 'private.key', /file path/],
    ['a Windows path', 'C:\\keys\\private.key', /file path/],
    ['an empty string', '   ', /must not be empty/],
    ['random text', 'hello world', /not a PEM key/],
    ['a public key', rsa.publicKey.export({ type: 'spki', format: 'pem' }), /public key/],
    ['an encrypted key', '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----', /encrypted/],
    ['a PEM with a broken body', '-----BEGIN PRIVATE KEY-----\n@@@@\n-----END PRIVATE KEY-----', /base64/],
    ['a public KeyObject', rsa.publicKey, /private key/],
    ['a number', 42, /PEM text, bytes/],
    ['non-DER bytes', new Uint8Array([1, 2, 3]), /DER/],
  ];
  it.each(rejected)('rejects %s with a VideoValidationError on privateKey', (_name, privateKey, message) => {
    let error: unknown;
    try {
      createCredentials({ applicationId: APPLICATION_ID, privateKey } as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VideoValidationError);
    expect(error).toMatchObject({ field: 'privateKey', code: 'validation_error' });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('MII');
  });

  it('reports a key that passes the shape check but is not RSA when it is first used', async () => {
    const ec = (await import('node:crypto')).generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const creds = createCredentials({ applicationId: APPLICATION_ID, privateKey: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string });
    await expect(generateToken(creds, VONAGE_SESSION)).rejects.toThrow(expect.objectContaining({ field: 'privateKey' }));
  });

  it('imports the key once for the same values, not per token', async () => {
    const nodeCrypto = process.getBuiltinModule('node:crypto');
    const importKey = vi.spyOn(nodeCrypto, 'createPrivateKey');
    const creds = { applicationId: APPLICATION_ID, privateKey: PKCS8_PEM };
    for (let i = 0; i < 5; i++) await generateToken(creds, VONAGE_SESSION);
    await Promise.all([
      generateToken(creds, VONAGE_SESSION),
      generateToken(createCredentials(creds), VONAGE_SESSION),
      generateToken({ ...creds }, VONAGE_SESSION),
    ]);
    expect(importKey.mock.calls.length).toBeLessThanOrEqual(1);
    expect(createCredentials({ ...creds })).toBe(createCredentials(creds));
  });

  it('reads the values, not the object: an input changed in place gives new credentials', () => {
    const config = { apiKey: '11111111', apiSecret: 'first-secret' };
    const first = createCredentials(config);
    Object.assign(config, { apiKey: '22222222', apiSecret: 'second-secret' });
    const second = createCredentials(config);
    expect(first.projectKey).toBe('11111111');
    expect(second.projectKey).toBe('22222222');
    expect(second).not.toBe(first);
  });
});

describe('credential shapes', () => {
  it('normalises and exposes only the non-secret parts', () => {
    const v = createCredentials({ applicationId: APPLICATION_ID.toUpperCase(), privateKey: PKCS8_PEM });
    expect(v).toMatchObject({ mode: 'vonage', projectKey: APPLICATION_ID });
    const o = createCredentials({ apiKey: Number(API_KEY) as unknown as string, apiSecret: opentok.apiSecret });
    expect(o).toMatchObject({ mode: 'opentok', projectKey: API_KEY });
    for (const c of [v, o]) {
      const shown = `${JSON.stringify(c)} ${inspect(c, { depth: 10, showHidden: true })} ${String(Object.values(c))}`;
      expect(shown).not.toMatch(/BEGIN|MII|0123456789abcdef0123/);
    }
  });

  const bad: [string, unknown, string][] = [
    ['nothing', undefined, 'credentials'],
    ['an empty object', {}, 'credentials'],
    ['both kinds', { applicationId: APPLICATION_ID, privateKey: PKCS8_PEM, apiKey: API_KEY, apiSecret: 'x' }, 'credentials'],
    ['a non-UUID application ID', { applicationId: 'my-app', privateKey: PKCS8_PEM }, 'applicationId'],
    ['a missing private key', { applicationId: APPLICATION_ID }, 'privateKey'],
    ['a non-numeric API key', { apiKey: 'abc', apiSecret: 'x' }, 'apiKey'],
    ['a missing secret', { apiKey: API_KEY }, 'apiSecret'],
    ['an empty secret', { apiKey: API_KEY, apiSecret: ' ' }, 'apiSecret'],
  ];
  it.each(bad)('rejects %s, naming the field', (_name, input, field) => {
    expect(() => createCredentials(input as never)).toThrow(expect.objectContaining({ field }));
  });
});
