// verifyClientToken (`@video/auth/verify`): tokens of every format that generateToken mints verify,
// and every way a token can be wrong is refused with its reason. Forged and odd tokens are built
// with jose and node:crypto, independently of the code under test.
import { createHmac, generateKeyPairSync, randomUUID, webcrypto } from 'node:crypto';
import fc from 'fast-check';
import { SignJWT, type JWTPayload } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCredentials, decodeClientToken, generateToken, TOKEN_ROLES, VideoError, VideoValidationError, type TokenOptions } from '@video/auth';
import { verifyClientToken } from '@video/auth/verify';
import { API_KEY, API_SECRET, APPLICATION_ID, OPENTOK_SESSION, PKCS1_PEM, PKCS8_PEM, VONAGE_SESSION, opentok, rsa, sessionIdFor, vonage } from './fixtures.js';

afterEach(() => vi.useRealTimers());

const now = () => Math.floor(Date.now() / 1000);
const DAY = 86_400;

/** The VideoValidationError a verification rejects with; fails the test if it resolves. */
async function refusal(run: Promise<unknown>): Promise<VideoValidationError> {
  const error = await run.then(
    (value) => {
      throw new Error(`expected a refusal, got ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VideoValidationError);
  return error as VideoValidationError;
}

/** Asserts a refusal on `token` whose message matches `reason`. */
async function refused(run: Promise<unknown>, reason: RegExp, field = 'token'): Promise<void> {
  const error = await refusal(run);
  expect({ field: error.field, code: error.code }).toEqual({ field, code: 'validation_error' });
  expect(error.message).toMatch(new RegExp(`^Invalid ${field}: `));
  expect(error.message).toMatch(reason);
}

/** The claims generateToken puts in an application JWT, for forging variants of it. */
function vonageClaims(overrides: Record<string, unknown> = {}): JWTPayload {
  return {
    application_id: APPLICATION_ID,
    sub: 'video',
    acl: { paths: { '/session/**': {} } },
    session_id: VONAGE_SESSION,
    role: 'publisher',
    initial_layout_class_list: '',
    scope: 'session.connect',
    iat: now(),
    exp: now() + DAY,
    jti: randomUUID(),
    ...overrides,
  };
}

function opentokClaims(overrides: Record<string, unknown> = {}): JWTPayload {
  return {
    iss: API_KEY,
    ist: 'project',
    session_id: OPENTOK_SESSION,
    role: 'publisher',
    initial_layout_class_list: '',
    scope: 'session.connect',
    iat: now(),
    exp: now() + DAY,
    jti: randomUUID(),
    ...overrides,
  };
}

const withoutExp = (claims: JWTPayload): JWTPayload => {
  const { exp: _exp, ...rest } = claims;
  return rest;
};

const signRs256 = (claims: JWTPayload, key = rsa.privateKey) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(key);
const signHs256 = (claims: JWTPayload, secret: string | Uint8Array = API_SECRET) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(typeof secret === 'string' ? new TextEncoder().encode(secret) : secret);

/** A T1 token signed with node:crypto, from its data fields in order. */
function t1(fields: Record<string, string | number>, { partnerId = API_KEY, secret = API_SECRET } = {}): string {
  const data = Object.entries(fields)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  const sig = createHmac('sha1', secret).update(data).digest('hex');
  return 'T1==' + Buffer.from(`partner_id=${partnerId}&sig=${sig}:${data}`).toString('base64');
}

const t1Fields = (overrides: Record<string, string | number> = {}) => ({
  session_id: OPENTOK_SESSION,
  create_time: now(),
  nonce: 0.25,
  role: 'publisher',
  expire_time: now() + DAY,
  initial_layout_class_list: '',
  scope: 'session.connect',
  ...overrides,
});

/** The JWT with its payload replaced (signature kept). */
function tamper(token: string, change: (claims: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(claims);
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

describe('tokens minted by generateToken verify', () => {
  const options: TokenOptions = { role: 'moderator', data: 'name=Ada&x=ü', initialLayoutClassList: ['focus', 'big'], expiresIn: 3600 };

  it.each([
    ['application JWT (RS256)', vonage, VONAGE_SESSION, undefined],
    ['project JWT (HS256)', opentok, OPENTOK_SESSION, undefined],
    ['project T1', opentok, OPENTOK_SESSION, 't1'],
  ] as const)('%s: returns what decodeClientToken reads', async (_name, creds, sessionId, format) => {
    const token = await generateToken(creds, sessionId, { ...options, ...(format ? { format } : {}) });
    const verified = await verifyClientToken(token, creds, { sessionId });
    expect(verified).toEqual(decodeClientToken(token));
    expect(verified).toMatchObject({
      format: format ?? 'jwt',
      sessionId,
      projectKey: 'apiKey' in creds ? API_KEY : APPLICATION_ID,
      role: 'moderator',
      data: 'name=Ada&x=ü',
      initialLayoutClassList: ['focus', 'big'],
    });
    expect(verified.expiresAt!.getTime() / 1000 - now()).toBeGreaterThan(3590);
    // Without a session to match, and with a Credentials object.
    await expect(verifyClientToken(token, createCredentials(creds))).resolves.toEqual(verified);
  });

  it('every role, the default options, and every private key form', async () => {
    for (const role of TOKEN_ROLES) {
      for (const [creds, sessionId] of [
        [vonage, VONAGE_SESSION],
        [opentok, OPENTOK_SESSION],
      ] as const) {
        const token = await generateToken(creds, sessionId, { role });
        expect((await verifyClientToken(token, creds, { sessionId })).role).toBe(role);
      }
      const legacy = await generateToken(opentok, OPENTOK_SESSION, { role, format: 't1' });
      expect((await verifyClientToken(legacy, opentok, { sessionId: OPENTOK_SESSION })).role).toBe(role);
    }
    const token = await generateToken(vonage, VONAGE_SESSION);
    const extractable = await webcrypto.subtle.importKey(
      'pkcs8',
      rsa.privateKey.export({ type: 'pkcs8', format: 'der' }),
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      true,
      ['sign'],
    );
    for (const privateKey of [PKCS8_PEM, PKCS1_PEM, PKCS8_PEM.replace(/\n/g, '\\n'), rsa.privateKey, new Uint8Array(rsa.privateKey.export({ type: 'pkcs8', format: 'der' })), extractable]) {
      expect((await verifyClientToken(token, { applicationId: APPLICATION_ID.toUpperCase(), privateKey }, { sessionId: VONAGE_SESSION })).sessionId).toBe(VONAGE_SESSION);
    }
  });

  it('a token that expires in exactly 30 days', async () => {
    const token = await generateToken(opentok, OPENTOK_SESSION, { expiresIn: 30 * DAY });
    await expect(verifyClientToken(token, opentok)).resolves.toMatchObject({ sessionId: OPENTOK_SESSION });
  });

  it('tokens that only other code mints but that follow the rules (numeric iss, no ist)', async () => {
    const token = await signHs256(opentokClaims({ iss: Number(API_KEY), ist: undefined }));
    await expect(verifyClientToken(token, opentok)).resolves.toMatchObject({ format: 'jwt', role: 'publisher' });
  });
});

describe('every failure is refused with its reason', () => {
  it('a tampered payload', async () => {
    for (const [creds, sessionId] of [
      [vonage, VONAGE_SESSION],
      [opentok, OPENTOK_SESSION],
    ] as const) {
      const token = await generateToken(creds, sessionId, { role: 'subscriber' });
      await refused(verifyClientToken(tamper(token, (c) => (c.role = 'moderator')), creds), /^Invalid token: is not signed with these credentials$/);
      await refused(verifyClientToken(tamper(token, (c) => (c.exp = (c.exp as number) + 1)), creds), /is not signed with these credentials/);
      // A signature of another token does not carry over either.
      const other = await generateToken(creds, sessionId, { role: 'moderator' });
      await refused(verifyClientToken(`${other.split('.').slice(0, 2).join('.')}.${token.split('.')[2]}`, creds), /is not signed/);
    }
    const legacy = await generateToken(opentok, OPENTOK_SESSION, { format: 't1', role: 'subscriber' });
    const text = Buffer.from(legacy.slice(4), 'base64').toString('utf8').replace('role=subscriber', 'role=moderator');
    await refused(verifyClientToken('T1==' + Buffer.from(text).toString('base64'), opentok), /^Invalid token: is not signed with these credentials$/);
  });

  it('the wrong secret or key', async () => {
    const wrongSecret = { apiKey: API_KEY, apiSecret: 'f'.repeat(40) };
    await refused(verifyClientToken(await generateToken(opentok, OPENTOK_SESSION), wrongSecret), /is not signed with these credentials/);
    await refused(verifyClientToken(await generateToken(opentok, OPENTOK_SESSION, { format: 't1' }), wrongSecret), /is not signed with these credentials/);
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    await refused(
      verifyClientToken(await generateToken(vonage, VONAGE_SESSION), { applicationId: APPLICATION_ID, privateKey: otherKey }),
      /is not signed with these credentials/,
    );
  });

  it('an expired token (each format), and one more than 30 days ahead', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 2 * 3600_000);
    const tokens = [
      [await generateToken(vonage, VONAGE_SESSION, { expiresIn: 3600 }), vonage],
      [await generateToken(opentok, OPENTOK_SESSION, { expiresIn: 3600 }), opentok],
      [await generateToken(opentok, OPENTOK_SESSION, { expiresIn: 3600, format: 't1' }), opentok],
    ] as const;
    vi.useRealTimers();
    for (const [token, creds] of tokens) {
      const expiredAt = decodeClientToken(token).expiresAt!.toISOString();
      await refused(verifyClientToken(token, creds), new RegExp(`^Invalid token: has expired \\(at ${expiredAt.replace(/\./g, '\\.')}\\)$`));
    }
    const far = now() + 31 * DAY;
    await refused(verifyClientToken(await signRs256(vonageClaims({ exp: far })), vonage), /expires more than 30 days from now/);
    await refused(verifyClientToken(await signHs256(opentokClaims({ exp: far })), opentok), /expires more than 30 days from now/);
    await refused(verifyClientToken(t1(t1Fields({ expire_time: far })), opentok), /expires more than 30 days from now/);
    await refused(verifyClientToken(await signHs256(opentokClaims({ exp: now() - 1 })), opentok), /has expired/);
  });

  it('a token without an expiry', async () => {
    await refused(verifyClientToken(await signRs256(withoutExp(vonageClaims())), vonage), /^Invalid token: has no expiry \(exp\)/);
    await refused(verifyClientToken(await signHs256(withoutExp(opentokClaims())), opentok), /has no expiry \(exp\)/);
    const { expire_time: _e, ...noExpiry } = t1Fields();
    await refused(verifyClientToken(t1(noExpiry), opentok), /has no expiry \(expire_time\)/);
    await refused(verifyClientToken(t1(t1Fields({ expire_time: 'soon' })), opentok), /has no expiry/);
    await refused(verifyClientToken(await signHs256(opentokClaims({ exp: 'tomorrow' })), opentok), /has an invalid exp claim/);
  });

  it('a token for another session', async () => {
    const other = sessionIdFor(API_KEY, String(Date.now() + 1));
    for (const format of ['jwt', 't1'] as const) {
      const token = await generateToken(opentok, other, { format });
      await refused(verifyClientToken(token, opentok, { sessionId: OPENTOK_SESSION }), new RegExp(`^Invalid token: belongs to session "${other}", not "${OPENTOK_SESSION}"$`));
    }
    const token = await generateToken(vonage, VONAGE_SESSION);
    await refused(verifyClientToken(token, vonage, { sessionId: 'another' }), /belongs to session .*, not "another"/);
    await refused(verifyClientToken(await signHs256(opentokClaims({ session_id: undefined })), opentok), /names no session/);
  });

  it('a token of another project, even when signed with the same secret or key', async () => {
    const otherProject = { apiKey: '99887766', apiSecret: API_SECRET };
    const session = sessionIdFor('99887766');
    await refused(verifyClientToken(await generateToken(otherProject, session), opentok), /^Invalid token: belongs to project "99887766", not to API key 47123456$/);
    await refused(verifyClientToken(await generateToken(otherProject, session, { format: 't1' }), opentok), /belongs to project "99887766", not to API key 47123456/);
    const otherApp = randomUUID();
    await refused(
      verifyClientToken(await generateToken({ applicationId: otherApp, privateKey: PKCS8_PEM }, VONAGE_SESSION), vonage),
      new RegExp(`^Invalid token: belongs to application "${otherApp}", not to ${APPLICATION_ID}$`),
    );
    await refused(verifyClientToken(await signRs256(vonageClaims({ application_id: undefined })), vonage), /names no application/);
    await refused(verifyClientToken(await signHs256(opentokClaims({ iss: undefined })), opentok), /names no project \(iss\)/);
    await refused(verifyClientToken(await signHs256(opentokClaims({ ist: 'account' })), opentok), /is not a project token/);
  });

  it('a role or scope that is not a client one', async () => {
    for (const role of ['admin', '', 'Moderator', undefined]) {
      await refused(verifyClientToken(await signRs256(vonageClaims({ role })), vonage), /has the role .*, which is none of subscriber, publisher, publisheronly, moderator/);
      const fields: Record<string, string | number> = t1Fields(role === undefined ? {} : { role });
      if (role === undefined) delete fields.role;
      await refused(verifyClientToken(t1(fields), opentok), /has the role/);
    }
    await refused(verifyClientToken(await signHs256(opentokClaims({ role: 7 })), opentok), /has the role 7/);
    await refused(verifyClientToken(await signHs256(opentokClaims({ scope: 'session.admin' })), opentok), /has the scope "session.admin", not "session.connect"/);
    await refused(verifyClientToken(await signRs256(vonageClaims({ scope: undefined })), vonage), /has the scope none/);
    await refused(verifyClientToken(t1(t1Fields({ scope: 'x' })), opentok), /has the scope "x"/);
  });

  it('alg none, and the algorithm confusions', async () => {
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(opentokClaims())).toString('base64url')}.`;
    await refused(verifyClientToken(none, opentok), /^Invalid token: is signed with "none", but client tokens of project credentials \(apiKey, apiSecret\) are HS256$/);
    await refused(verifyClientToken(none.replace(/\.[^.]*\.$/, `.${Buffer.from(JSON.stringify(vonageClaims())).toString('base64url')}.`), vonage), /is signed with "none"/);
    // HS256 keyed with the application's *public* key (the classic RS256 → HS256 confusion).
    const publicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const confused = await signHs256(vonageClaims(), new TextEncoder().encode(publicPem));
    await refused(verifyClientToken(confused, vonage), /^Invalid token: is signed with "HS256", but client tokens of application credentials \(applicationId, privateKey\) are RS256$/);
    // And the other way: an application's RS256 token offered to project credentials.
    await refused(verifyClientToken(await signRs256(opentokClaims()), opentok), /is signed with "RS256", but client tokens of project credentials/);
    const hs512 = await new SignJWT(opentokClaims()).setProtectedHeader({ alg: 'HS512' }).sign(new TextEncoder().encode(API_SECRET));
    await refused(verifyClientToken(hs512, opentok), /is signed with "HS512"/);
    // T1 is a project format.
    await refused(verifyClientToken(await generateToken(opentok, OPENTOK_SESSION, { format: 't1' }), vonage), /is a T1 token, which only project credentials/);
  });

  it('malformed tokens and bad arguments', async () => {
    for (const token of ['abc', 'a.b.c', 'a.b', `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.bm90IGpzb24.x`, '...']) {
      await refused(verifyClientToken(token, opentok), /^Invalid token: is not a client token \(neither a JWT nor a T1 token\)$/);
    }
    for (const token of ['T1==', 'T1==!!!', `T1==${Buffer.from('no colon').toString('base64')}`]) {
      await refused(verifyClientToken(token, opentok), /is not a valid T1 token/);
    }
    await refused(verifyClientToken(`T1==${Buffer.from('sig=abc:session_id=x').toString('base64')}`, opentok), /names no project \(partner_id\)/);
    await refused(verifyClientToken(`T1==${Buffer.from(`partner_id=${API_KEY}&sig=zz:session_id=x`).toString('base64')}`, opentok), /is not signed/);
    await refused(verifyClientToken('', opentok), /must not be empty/);
    await refused(verifyClientToken(42 as never, opentok), /must be a string/);
    const token = await generateToken(opentok, OPENTOK_SESSION);
    await refused(verifyClientToken(token, opentok, { sessionId: '' }), /must be a non-empty session ID/, 'sessionId');
    await refused(verifyClientToken(token, opentok, { session: 'x' } as never), /is not an option \(expected sessionId\)/, 'session');
    await refused(verifyClientToken(token, opentok, null as never), /must be an object/, 'options');
    await refused(verifyClientToken(token, { apiKey: API_KEY } as never), /must be a non-empty string/, 'apiSecret');
  });

  it('refuses application credentials whose public key cannot be derived (a non-extractable CryptoKey)', async () => {
    const key = await webcrypto.subtle.importKey(
      'pkcs8',
      rsa.privateKey.export({ type: 'pkcs8', format: 'der' }),
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const creds = { applicationId: APPLICATION_ID, privateKey: key };
    const token = await generateToken(creds, VONAGE_SESSION);
    await refused(verifyClientToken(token, creds), /is a non-extractable CryptoKey/, 'privateKey');
  });

  it('never puts the token or a secret in the error', async () => {
    const token = await generateToken(opentok, OPENTOK_SESSION);
    const error = await refusal(verifyClientToken(token, { apiKey: API_KEY, apiSecret: 'another-secret' }));
    const text = JSON.stringify(error) + error.message + String(error.stack);
    expect(text).not.toContain(token.split('.')[2]);
    expect(text).not.toContain('another-secret');
    expect(text).not.toContain(API_SECRET);
    expect(error).toBeInstanceOf(VideoError);
  });
});

describe('random input', () => {
  it('never verifies, and is always refused on the token', async () => {
    const creds = createCredentials(opentok);
    const app = createCredentials(vonage);
    const b64 = fc.base64String().map((s) => s.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'));
    const arbitrary = fc.oneof(
      fc.string({ minLength: 1 }),
      fc.string().map((s) => `T1==${s}`),
      fc.tuple(fc.string(), fc.string()).map(([a, b]) => `T1==${Buffer.from(`partner_id=${API_KEY}&sig=${a}:${b}`).toString('base64')}`),
      fc.tuple(b64, b64, b64).map((parts) => parts.join('.')),
      fc.tuple(fc.jsonValue(), b64).map(([claims, sig]) => `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims) ?? '').toString('base64url')}.${sig}`),
    );
    await fc.assert(
      fc.asyncProperty(arbitrary, async (token) => {
        for (const c of [creds, app]) {
          const error = await verifyClientToken(token, c).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(VideoValidationError);
          expect((error as VideoValidationError).field).toBe('token');
        }
      }),
      { numRuns: 300 },
    );
  });
});
