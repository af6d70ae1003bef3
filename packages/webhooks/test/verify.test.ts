import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  CallbackParseError,
  CallbackVerificationError,
  DEFAULT_MAX_AGE,
  isVideoError,
  verifyCallback,
  VideoError,
  VideoValidationError,
  type CallbackVerificationReason,
  type VerifyCallbackOptions,
} from '@video/webhooks';
import {
  API_KEY,
  APPLICATION_ID,
  authorization,
  bodyOf,
  EVENT_NAMES,
  HOOK_OF,
  PAYLOADS,
  SECRET,
  sha256Hex,
  signCallback,
} from './fixtures.js';

const body = bodyOf(PAYLOADS.archive);
const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

async function rejection(promise: Promise<unknown>): Promise<CallbackVerificationError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CallbackVerificationError);
    return error as CallbackVerificationError;
  }
  throw new Error('expected a rejection');
}

async function expectReason(
  reason: CallbackVerificationReason,
  header: string | undefined,
  options: Partial<VerifyCallbackOptions> = {},
  text: string | Uint8Array = body,
): Promise<CallbackVerificationError> {
  const error = await rejection(verifyCallback(text, header, { secret: SECRET, ...options }));
  expect(error.reason).toBe(reason);
  expect(error.code).toBe('callback_verification_failed');
  expect(isVideoError(error, 'callback_verification_failed')).toBe(true);
  expect(error).toBeInstanceOf(VideoError);
  // Never the secret, never the token, at any depth.
  const token = header?.replace(/^Bearer /, '') ?? '';
  for (const text of [error.message, JSON.stringify(error), String(error.stack)]) {
    expect(text).not.toContain(SECRET);
    if (token.length > 20) expect(text).not.toContain(token);
  }
  return error;
}

const unsigned = (header: object, claims: object, signature = '') => `Bearer ${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}.${signature}`;

describe('verifyCallback', () => {
  it.each(EVENT_NAMES)('verifies a signed %s callback and returns its typed event', async (name) => {
    const text = bodyOf(PAYLOADS[name]);
    const event = await verifyCallback(text, authorization(text), { secret: SECRET });
    expect(event.type).toBe(name);
    expect(event.raw).toEqual(PAYLOADS[name]);
    expect(event.claims).toEqual({ jti: expect.any(String), issuedAt: expect.any(Date), apiKey: API_KEY, applicationId: APPLICATION_ID });
    // The same bytes as a Buffer, an ArrayBuffer, and with the map of secrets.
    const bytes = Buffer.from(text);
    await expect(verifyCallback(bytes, authorization(bytes), { secret: SECRET })).resolves.toMatchObject({ type: name });
    await expect(verifyCallback(new Uint8Array(bytes).buffer, authorization(bytes), { secret: SECRET })).resolves.toMatchObject({ type: name });
    await expect(verifyCallback(text, authorization(text), { secret: { [HOOK_OF[name]]: SECRET } })).resolves.toMatchObject({ type: name });
  });

  it('accepts the hash of the minified JSON when the raw-body hash does not match (callbacks.md §2.3)', async () => {
    const minified = JSON.stringify(PAYLOADS.archive);
    expect(minified).not.toBe(body);
    const header = `Bearer ${signCallback(body, { claims: { payload_hash: sha256Hex(minified) } })}`;
    await expect(verifyCallback(body, header, { secret: SECRET })).resolves.toMatchObject({ type: 'archive' });
    const upper = `Bearer ${signCallback(body, { claims: { payload_hash: sha256Hex(body).toUpperCase() } })}`;
    await expect(verifyCallback(body, upper, { secret: SECRET })).resolves.toMatchObject({ type: 'archive' });
  });

  it('accepts a bare JWT, a lowercase scheme and surrounding spaces, and bytes as the secret', async () => {
    await expect(verifyCallback(body, signCallback(body), { secret: SECRET })).resolves.toMatchObject({ type: 'archive' });
    await expect(verifyCallback(body, `  bearer ${signCallback(body)} `, { secret: new TextEncoder().encode(SECRET) })).resolves.toMatchObject({
      type: 'archive',
    });
  });

  // The imported keys of the last 16 text secrets are kept (jose would import the key on each call).
  it('keeps each secret to its own callbacks, however many secrets are used, before and after the kept keys are dropped', async () => {
    const secrets = Array.from({ length: 40 }, (_, i) => `${SECRET}-${i}`);
    for (const round of [0, 1]) {
      for (const [i, secret] of secrets.entries()) {
        const header = authorization(body, { secret });
        await expect(verifyCallback(body, header, { secret }), `round ${round}, secret ${i}`).resolves.toMatchObject({ type: 'archive' });
        const other = secrets[(i + 1) % secrets.length]!;
        await expectReason('bad_signature', header, { secret: other });
        // The same secret as bytes (never kept) agrees.
        await expect(verifyCallback(body, header, { secret: new TextEncoder().encode(secret) })).resolves.toMatchObject({ type: 'archive' });
      }
    }
  });

  describe('rejects, naming the check that failed', () => {
    it('missing_header: no Authorization, or an empty one (status 503: the service retries unsigned callbacks)', async () => {
      expect((await expectReason('missing_header', undefined)).status).toBe(503);
      await expectReason('missing_header', '');
      await expectReason('missing_header', '   ');
      await expectReason('missing_header', null as unknown as undefined);
    });

    it('malformed_token: not a compact JWT, undecodable parts, missing or mistyped claims', async () => {
      expect((await expectReason('malformed_token', 'Basic dXNlcjpwYXNz')).status).toBe(401);
      await expectReason('malformed_token', 'Bearer not-a-jwt');
      await expectReason('malformed_token', 'Bearer a.b.c d.e.f');
      await expectReason('malformed_token', `Bearer ${'a'.repeat(9000)}.b.c`);
      await expectReason('malformed_token', 'Bearer eyJhbGciOiJIUzI1NiJ9.!!!.sig');
      // Signed, but its claims are not JSON (the signature is checked first, then the claims).
      const input = `${b64url(JSON.stringify({ alg: 'HS256' }))}.${b64url('not json')}`;
      await expectReason('malformed_token', `Bearer ${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`);
      await expectReason('bad_signature', `Bearer ${input}.AAAA`);
      await expectReason('malformed_token', authorization(body, { claims: { payload_hash: undefined } }));
      await expectReason('malformed_token', authorization(body, { claims: { payload_hash: 42 } }));
      await expectReason('malformed_token', authorization(body, { claims: { iat: undefined } }));
      await expectReason('malformed_token', authorization(body, { claims: { iat: 'yesterday' } }));
      await expectReason('malformed_token', authorization(body, { claims: { jti: undefined } }), { seen: () => false });
      await expectReason('malformed_token', authorization(body, { header: { alg: 'HS256', crit: ['b64'], b64: false } }));
    });

    it('wrong_algorithm: none, HS512, RS256 — whatever the key', async () => {
      await expectReason('wrong_algorithm', unsigned({ alg: 'none', typ: 'JWT' }, { iss: 'Vonage', iat: Math.floor(Date.now() / 1000), payload_hash: sha256Hex(body) }));
      await expectReason('wrong_algorithm', authorization(body, { header: { alg: 'HS512', typ: 'JWT' } }));
      await expectReason('wrong_algorithm', authorization(body, { header: { alg: 'hs256', typ: 'JWT' } }));
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const input = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64url(JSON.stringify({ iss: 'Vonage', iat: Math.floor(Date.now() / 1000), payload_hash: sha256Hex(body) }))}`;
      const rs256 = `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
      await expectReason('wrong_algorithm', `Bearer ${rs256}`);
    });

    it('bad_signature: another secret, a tampered claim or an empty signature', async () => {
      await expectReason('bad_signature', authorization(body, { secret: 'another-secret' }));
      const [h, p, s] = signCallback(body).split('.');
      const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
      await expectReason('bad_signature', `Bearer ${h}.${b64url(JSON.stringify({ ...claims, api_key: '999' }))}.${s}`);
      await expectReason('bad_signature', `Bearer ${h}.${p}.`);
    });

    it('wrong_issuer: iss other than Vonage, or none', async () => {
      await expectReason('wrong_issuer', authorization(body, { claims: { iss: 'vonage' } }));
      await expectReason('malformed_token', authorization(body, { claims: { iss: undefined } }));
    });

    it('hash_mismatch: the body was changed, or the hash is of another body', async () => {
      const header = authorization(body);
      await expectReason('hash_mismatch', header, {}, body.replace('"available"', '"expired"'));
      await expectReason('hash_mismatch', header, {}, `${body} `.replace(/ $/, '\n'));
      await expectReason('hash_mismatch', authorization(body, { claims: { payload_hash: sha256Hex('{}') } }));
      await expectReason('hash_mismatch', authorization('not json'), {}, 'not json either');
    });

    it('too_old: iat older than maxAge (+ tolerance), or an exp in the past', async () => {
      await expectReason('too_old', authorization(body, { age: 400 }), { maxAge: 300, clockTolerance: 60 });
      await expect(verifyCallback(body, authorization(body, { age: 350 }), { secret: SECRET, maxAge: 300, clockTolerance: 60 })).resolves.toBeTruthy();
      await expectReason('too_old', authorization(body, { age: DEFAULT_MAX_AGE + 120 }));
      await expectReason('too_old', authorization(body, { claims: { exp: Math.floor(Date.now() / 1000) - 120 } }));
    });

    it('not_yet_valid: iat in the future beyond clockTolerance', async () => {
      await expectReason('not_yet_valid', authorization(body, { age: -120 }));
      await expect(verifyCallback(body, authorization(body, { age: -30 }), { secret: SECRET })).resolves.toBeTruthy();
      await expectReason('not_yet_valid', authorization(body, { age: -30 }), { clockTolerance: 5 });
    });

    it('wrong_project: api_key or application_id other than the one given, or absent', async () => {
      await expect(verifyCallback(body, authorization(body), { secret: SECRET, apiKey: API_KEY, applicationId: APPLICATION_ID })).resolves.toBeTruthy();
      await expect(verifyCallback(body, authorization(body), { secret: SECRET, apiKey: Number(API_KEY) as unknown as string })).resolves.toBeTruthy();
      await expectReason('wrong_project', authorization(body), { apiKey: '87654321' });
      await expectReason('wrong_project', authorization(body), { applicationId: 'a1b2c3d4-0000-4000-8000-000000000000' });
      await expectReason('wrong_project', authorization(body, { claims: { application_id: undefined } }), { applicationId: APPLICATION_ID });
    });

    it('replayed: seen(jti) said so; seen is asked only once every other check passed', async () => {
      const accepted = new Set<string>();
      const seen = vi.fn((jti: string) => accepted.has(jti) || (accepted.add(jti), false));
      const header = authorization(body);
      const first = await verifyCallback(body, header, { secret: SECRET, seen });
      expect(seen).toHaveBeenCalledWith(first.claims.jti);
      await expectReason('replayed', header, { seen });
      await expectReason('bad_signature', authorization(body, { secret: 'forged' }), { seen });
      await expectReason('hash_mismatch', authorization('{}'), { seen });
      expect(seen).toHaveBeenCalledTimes(2);
      await expectReason('replayed', authorization(body), { seen: async () => true });
    });

    it('no_secret: a map without the secret of the type the body claims', async () => {
      const error = await expectReason('no_secret', authorization(body), { secret: { connection_created: SECRET } });
      expect(error.message).toContain('archive_status');
    });
  });

  describe('a map of secrets', () => {
    const secrets = { archive_status: 'archive-secret', connection_created: 'connection-secret', render_status: 'render-secret', broadcast_status: 'broadcast-secret' };

    it('uses the secret of the type the body claims; a body signed with another type\'s secret fails', async () => {
      const connection = bodyOf(PAYLOADS.connectionCreated);
      await expect(verifyCallback(body, authorization(body, { secret: 'archive-secret' }), { secret: secrets })).resolves.toMatchObject({ type: 'archive' });
      await expect(verifyCallback(connection, authorization(connection, { secret: 'connection-secret' }), { secret: secrets })).resolves.toMatchObject({
        type: 'connectionCreated',
      });
      await expectReason('bad_signature', authorization(body, { secret: 'connection-secret' }), { secret: secrets });
    });

    it('tells a bare render from a bare broadcast by the secret that verifies', async () => {
      const bare = bodyOf({ id: 'x1', sessionId: 's', status: 'failed', reason: 'node failure' });
      await expect(verifyCallback(bare, authorization(bare, { secret: 'render-secret' }), { secret: secrets })).resolves.toMatchObject({ type: 'render' });
      await expect(verifyCallback(bare, authorization(bare, { secret: 'broadcast-secret' }), { secret: secrets })).resolves.toMatchObject({ type: 'broadcast' });
    });

    it('tries every secret for an unknown event, and delivers it as unknown', async () => {
      const unknown = bodyOf({ event: 'somethingNew', sessionId: 's' });
      await expect(verifyCallback(unknown, authorization(unknown, { secret: 'render-secret' }), { secret: secrets })).resolves.toMatchObject({ type: 'unknown' });
      await expectReason('bad_signature', authorization(unknown, { secret: 'nobody' }), { secret: secrets });
    });

    it('needs a JSON body to choose a secret', async () => {
      await expect(verifyCallback('nope', authorization('nope'), { secret: secrets })).rejects.toBeInstanceOf(CallbackParseError);
    });
  });

  it('delivers an unknown event, and refuses a malformed known one after verifying it', async () => {
    const unknown = bodyOf({ event: 'somethingNew', x: 1 });
    await expect(verifyCallback(unknown, authorization(unknown), { secret: SECRET })).resolves.toMatchObject({ type: 'unknown', raw: { x: 1 } });
    const broken = bodyOf({ event: 'connectionCreated', sessionId: 's', timestamp: 1 });
    await expect(verifyCallback(broken, authorization(broken), { secret: SECRET })).rejects.toMatchObject({ name: 'CallbackParseError', field: 'connection' });
    await expect(verifyCallback('[]', authorization('[]'), { secret: SECRET })).rejects.toBeInstanceOf(CallbackParseError);
  });

  it('accepts a callback as old as the default maxAge (24 h of retries + 1 h)', async () => {
    expect(DEFAULT_MAX_AGE).toBe(90_000);
    await expect(verifyCallback(body, authorization(body, { age: 24 * 3600 }), { secret: SECRET })).resolves.toBeTruthy();
  });

  describe('refuses a wrong configuration with a VideoValidationError naming the option', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

    const cases: Array<[string, unknown, string, RegExp?]> = [
      ['a private key (the documented misuse)', { secret: pem }, 'secret', /PEM key.*signature secret/],
      ['a private key with escaped newlines', { secret: pem.replace(/\n/g, '\\n') }, 'secret', /PEM/],
      ['a public key', { secret: publicPem }, 'secret', /PEM/],
      ['a private key as bytes', { secret: Buffer.from(pem) }, 'secret', /PEM/],
      ['a private key in a map', { secret: { archive_status: pem } }, 'secret.archive_status', /PEM/],
      ['an empty secret', { secret: '' }, 'secret', /empty/],
      ['no secret', {}, 'secret', /required/],
      ['a KeyObject', { secret: privateKey }, 'secret', /must be a secret, or a non-empty map/],
      ['a number', { secret: 42 }, 'secret', /string or bytes/],
      ['an empty map', { secret: {} }, 'secret', /non-empty map/],
      ['an unknown callback type', { secret: { archive: SECRET } }, 'secret.archive', /not a callback type.*archive_status/],
      ['an unknown option', { secret: SECRET, maxage: 5 }, 'maxage', /not a known option/],
      ['a negative maxAge', { secret: SECRET, maxAge: -1 }, 'maxAge', /≥ 0/],
      ['an infinite maxAge', { secret: SECRET, maxAge: Infinity }, 'maxAge'],
      ['a seen that is not a function', { secret: SECRET, seen: true }, 'seen', /function/],
    ];
    it.each(cases)('%s', async (_name, options, field, message) => {
      const error = await verifyCallback(body, authorization(body), options as VerifyCallbackOptions).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(VideoValidationError);
      expect((error as VideoValidationError).field).toBe(field);
      if (message) expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('BEGIN PRIVATE');
      expect((error as Error).message).not.toContain(SECRET);
    });

    it('a body that was already parsed', async () => {
      await expect(verifyCallback(PAYLOADS.archive as unknown as string, authorization(body), { secret: SECRET })).rejects.toMatchObject({
        field: 'body',
        message: expect.stringContaining('raw body'),
      });
    });
  });
});

