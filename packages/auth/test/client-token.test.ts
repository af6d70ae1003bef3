import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  decodeClientToken,
  generateToken,
  MAX_TOKEN_LIFETIME,
  TOKEN_ROLES,
  VideoValidationError,
  type TokenOptions,
} from '@video/auth';
import {
  API_KEY,
  APPLICATION_ID,
  OPENTOK_SESSION,
  VONAGE_SESSION,
  opentok,
  sessionIdFor,
  verifyOpenTokJwt,
  verifyT1,
  verifyVonageJwt,
  vonage,
} from './fixtures.js';

const now = () => Math.floor(Date.now() / 1000);
afterEach(() => vi.useRealTimers());

describe('Vonage RS256 client tokens (§5.2.3)', () => {
  it('carries exactly the documented claims', async () => {
    const token = await generateToken(vonage, VONAGE_SESSION, {
      role: 'moderator',
      data: 'name=Joe&x=1',
      initialLayoutClassList: ['focus', 'big'],
      expiresIn: 3600,
    });
    const { payload, header } = await verifyVonageJwt(token);
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(Object.keys(payload).sort()).toEqual(
      ['acl', 'application_id', 'connection_data', 'exp', 'iat', 'initial_layout_class_list', 'jti', 'role', 'scope', 'session_id', 'sub'].sort(),
    );
    expect(payload).toMatchObject({
      application_id: APPLICATION_ID,
      scope: 'session.connect',
      session_id: VONAGE_SESSION,
      role: 'moderator',
      connection_data: 'name=Joe&x=1',
      initial_layout_class_list: 'focus big',
      sub: 'video',
      acl: { paths: { '/session/**': {} } },
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(Math.abs(payload.iat! - now())).toBeLessThanOrEqual(2);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('signs valid tokens alone, in a burst, and while others are being signed', async () => {
    const alone = await generateToken(vonage, VONAGE_SESSION);
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => generateToken(vonage, VONAGE_SESSION, { data: `n=${i}` })));
    const overlapping = [generateToken(vonage, VONAGE_SESSION, { data: 'first' })];
    await Promise.resolve();
    overlapping.push(generateToken(vonage, VONAGE_SESSION, { data: 'second' }));
    const tokens = [alone, ...burst, ...(await Promise.all(overlapping))];
    const payloads = await Promise.all(tokens.map(async (token) => (await verifyVonageJwt(token)).payload));
    expect(payloads.map((p) => p.connection_data)).toEqual([undefined, ...burst.map((_, i) => `n=${i}`), 'first', 'second']);
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('defaults to a publisher token valid for 24 hours with an empty class list', async () => {
    const { payload } = await verifyVonageJwt(await generateToken(vonage, VONAGE_SESSION));
    expect(payload.role).toBe('publisher');
    expect(payload.exp! - payload.iat!).toBe(86_400);
    expect(payload.initial_layout_class_list).toBe('');
    expect(payload).not.toHaveProperty('connection_data');
  });

  it('accepts a session of any project (the Vonage SDKs do not decode them) but not garbage', async () => {
    await expect(generateToken(vonage, sessionIdFor('123456'))).resolves.toMatch(/^eyJ/);
    await expect(generateToken(vonage, 'not-a-session')).rejects.toThrow(expect.objectContaining({ field: 'sessionId' }));
  });

  it("refuses the legacy 't1' format", async () => {
    await expect(generateToken(vonage, VONAGE_SESSION, { format: 't1' })).rejects.toThrow(
      expect.objectContaining({ field: 'format' }),
    );
  });
});

describe('OpenTok HS256 client tokens (§5.2.2)', () => {
  it('carries the OpenTok claims', async () => {
    const expireTime = now() + 7200;
    const token = await generateToken(opentok, OPENTOK_SESSION, { role: 'subscriber', expireTime, data: 'd', initialLayoutClassList: ['a'] });
    const { payload, header } = await verifyOpenTokJwt(token);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({
      iss: API_KEY,
      ist: 'project',
      session_id: OPENTOK_SESSION,
      role: 'subscriber',
      exp: expireTime,
      expire_time: expireTime,
      connection_data: 'd',
      initial_layout_class_list: 'a',
      scope: 'session.connect',
    });
    expect(payload.create_time).toBe(payload.iat);
    expect(typeof payload.nonce).toBe('number');
  });

  it('rejects a session that belongs to another API key', async () => {
    const error = await generateToken(opentok, sessionIdFor('999999')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VideoValidationError);
    expect(error).toMatchObject({ field: 'sessionId', message: 'Invalid sessionId: belongs to project 999999, not to API key 47123456' });
  });
});

describe('legacy T1 tokens (§5.2.1)', () => {
  it('is T1== + base64 of partner_id, a hex HMAC-SHA1 signature and the data, in the documented order', async () => {
    const expireTime = now() + 600;
    const token = await generateToken(opentok, OPENTOK_SESSION, {
      format: 't1',
      role: 'moderator',
      expireTime,
      data: 'name=Joe&x=1',
      initialLayoutClassList: ['focus', 'big'],
    });
    const t1 = verifyT1(token);
    expect(t1.validSignature).toBe(true);
    expect(t1.head.partner_id).toBe(API_KEY);
    expect(t1.head.sig).toMatch(/^[0-9a-f]{40}$/);
    expect(Object.keys(t1.data)).toEqual([
      'session_id',
      'create_time',
      'nonce',
      'role',
      'expire_time',
      'connection_data',
      'initial_layout_class_list',
      'scope',
    ]);
    expect(t1.data).toMatchObject({
      session_id: OPENTOK_SESSION,
      role: 'moderator',
      expire_time: String(expireTime),
      connection_data: 'name=Joe&x=1',
      initial_layout_class_list: 'focus big',
      scope: 'session.connect',
    });
    expect(t1.raw).toContain('connection_data=name%3DJoe%26x%3D1');
    expect(t1.raw).toContain('initial_layout_class_list=focus%20big');
    expect(verifyT1(token, 'another-secret').validSignature).toBe(false);
  });

  it('omits connection_data when none is given', async () => {
    const t1 = verifyT1(await generateToken(opentok, OPENTOK_SESSION, { format: 't1' }));
    expect(t1.data).not.toHaveProperty('connection_data');
    expect(t1.data.initial_layout_class_list).toBe('');
    expect(t1.data.role).toBe('publisher');
  });
});

describe('expiry', () => {
  it('accepts a Date, integer epoch seconds, or expiresIn', async () => {
    const at = new Date(Date.now() + 3_600_500);
    const fromDate = decodeClientToken(await generateToken(opentok, OPENTOK_SESSION, { expireTime: at }));
    expect(fromDate.expiresAt!.getTime()).toBe(Math.floor(at.getTime() / 1000) * 1000);
    const fromIn = decodeClientToken(await generateToken(vonage, VONAGE_SESSION, { expiresIn: 60 }));
    expect((fromIn.expiresAt!.getTime() - fromIn.issuedAt!.getTime()) / 1000).toBe(60);
  });

  const nowS = now();
  const bad: [string, TokenOptions, string, RegExp][] = [
    ['milliseconds as expireTime', { expireTime: Date.now() + 3_600_000 }, 'expireTime', /looks like milliseconds/],
    ['a time in the past', { expireTime: nowS - 10 }, 'expireTime', /in the past/],
    ['more than 30 days ahead', { expireTime: nowS + MAX_TOKEN_LIFETIME + 100 }, 'expireTime', /30 days/],
    ['a fractional expireTime', { expireTime: nowS + 100.5 }, 'expireTime', /integer/],
    ['NaN', { expireTime: Number.NaN }, 'expireTime', /Date or an integer/],
    ['a string', { expireTime: String(nowS + 100) as never }, 'expireTime', /Date or an integer/],
    ['an invalid Date', { expireTime: new Date('nope') }, 'expireTime', /invalid Date/],
    ['expiresIn in milliseconds', { expiresIn: 3_600_000 }, 'expiresIn', /30 days.*milliseconds/],
    ['a negative expiresIn', { expiresIn: -5 }, 'expiresIn', /positive integer/],
    ['both expireTime and expiresIn', { expireTime: nowS + 60, expiresIn: 60 }, 'expiresIn', /not both/],
  ];
  it.each(bad)('rejects %s', async (_name, options, field, message) => {
    for (const [creds, sid] of [
      [vonage, VONAGE_SESSION],
      [opentok, OPENTOK_SESSION],
    ] as const) {
      const error = await generateToken(creds, sid, options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VideoValidationError);
      expect(error).toMatchObject({ field });
      expect((error as Error).message).toMatch(message);
    }
  });
});

describe('other options', () => {
  const bad: [string, unknown, string][] = [
    ['an unknown role', { role: 'admin' }, 'role'],
    ['data over 1000 characters', { data: 'x'.repeat(1001) }, 'data'],
    ['non-string data', { data: { a: 1 } }, 'data'],
    ['a layout list over 1000 characters', { initialLayoutClassList: ['x'.repeat(600), 'y'.repeat(400)] }, 'initialLayoutClassList'],
    ['a layout list of non-strings', { initialLayoutClassList: [1] }, 'initialLayoutClassList'],
    ['a layout class with a space (it would become two classes)', { initialLayoutClassList: ['a', 'focus moderator'] }, 'initialLayoutClassList[1]'],
    ['a layout class with a tab', { initialLayoutClassList: ['focus\tbig'] }, 'initialLayoutClassList[0]'],
    ['an empty layout class', { initialLayoutClassList: ['focus', ''] }, 'initialLayoutClassList[1]'],
    ['a layout class with an unpaired surrogate', { initialLayoutClassList: ['a\udc00'] }, 'initialLayoutClassList[0]'],
    ['data with an unpaired surrogate', { data: 'a\ud800b' }, 'data'],
    ['data with an unpaired surrogate, T1 format', { data: 'a\ud800b', format: 't1' }, 'data'],
    ['an unknown option (typo)', { expire_time: 5 }, 'expire_time'],
    ['an unknown format', { format: 'jws' }, 'format'],
    ['options that are not an object', 'moderator', 'options'],
  ];
  it.each(bad)('rejects %s', async (_name, options, field) => {
    await expect(generateToken(opentok, OPENTOK_SESSION, options as never)).rejects.toThrow(expect.objectContaining({ field }));
  });

  it('accepts data with astral characters (surrogate pairs) in both formats', async () => {
    for (const format of ['jwt', 't1'] as const) {
      const d = decodeClientToken(await generateToken(opentok, OPENTOK_SESSION, { data: 'hi 😀', format, initialLayoutClassList: ['🎥'] }));
      expect(d).toMatchObject({ data: 'hi 😀', initialLayoutClassList: ['🎥'] });
    }
  });

  it('reads only its own options: a value inherited from a polluted Object.prototype is ignored', async () => {
    const proto = Object.prototype as Record<string, unknown>;
    Object.defineProperty(proto, 'role', { value: 'moderator', configurable: true, writable: true });
    Object.defineProperty(proto, 'expiresIn', { value: MAX_TOKEN_LIFETIME, configurable: true, writable: true });
    try {
      for (const options of [undefined, {}]) {
        const d = decodeClientToken(await generateToken(opentok, OPENTOK_SESSION, options));
        expect(d.role).toBe('publisher');
        expect((d.expiresAt!.getTime() - d.issuedAt!.getTime()) / 1000).toBe(24 * 60 * 60);
      }
    } finally {
      delete proto.role;
      delete proto.expiresIn;
    }
  });

  it('accepts data of exactly 1000 characters', async () => {
    const d = decodeClientToken(await generateToken(opentok, OPENTOK_SESSION, { data: 'é'.repeat(1000), format: 't1' }));
    expect(d.data).toBe('é'.repeat(1000));
  });
});

describe('decodeClientToken', () => {
  it('reads every format back without verifying', async () => {
    for (const [creds, sid, format] of [
      [vonage, VONAGE_SESSION, 'jwt'],
      [opentok, OPENTOK_SESSION, 'jwt'],
      [opentok, OPENTOK_SESSION, 't1'],
    ] as const) {
      const d = decodeClientToken(await generateToken(creds, sid, { format, role: 'publisheronly', data: 'hi', initialLayoutClassList: ['a', 'b'] }));
      expect(d).toMatchObject({ format, sessionId: sid, role: 'publisheronly', data: 'hi', initialLayoutClassList: ['a', 'b'] });
      expect(d.projectKey).toBe(creds === vonage ? APPLICATION_ID : API_KEY);
    }
    expect(() => decodeClientToken('nonsense')).toThrow(VideoValidationError);
  });
});

describe('properties', () => {
  const validOptions = fc.record(
    {
      role: fc.constantFrom(...TOKEN_ROLES),
      expiresIn: fc.integer({ min: 1, max: MAX_TOKEN_LIFETIME }),
      data: fc.string({ maxLength: 1000 }),
      initialLayoutClassList: fc.array(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/\s/.test(s)), { maxLength: 20 }),
      format: fc.constantFrom('jwt' as const, 't1' as const),
    },
    { requiredKeys: [] },
  );

  it('valid options always give a token that independent code verifies', async () => {
    await fc.assert(
      fc.asyncProperty(validOptions, fc.boolean(), async (options, useVonage) => {
        if (useVonage) {
          const { format: _ignored, ...rest } = options;
          const { payload } = await verifyVonageJwt(await generateToken(vonage, VONAGE_SESSION, rest));
          expect(payload.role).toBe(rest.role ?? 'publisher');
          expect(payload.connection_data).toBe(rest.data);
          expect(payload.initial_layout_class_list).toBe((rest.initialLayoutClassList ?? []).join(' '));
        } else if (options.format === 't1') {
          const t1 = verifyT1(await generateToken(opentok, OPENTOK_SESSION, options));
          expect(t1.validSignature).toBe(true);
          expect(t1.data.connection_data).toBe(options.data);
        } else {
          const { payload } = await verifyOpenTokJwt(await generateToken(opentok, OPENTOK_SESSION, options));
          expect(payload.expire_time).toBe(payload.exp);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('invalid options always throw a VideoValidationError before signing', async () => {
    const invalid = fc.oneof(
      fc.record({ role: fc.string().filter((r) => !(TOKEN_ROLES as readonly string[]).includes(r)) }),
      fc.record({ expiresIn: fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: MAX_TOKEN_LIFETIME + 1 }), fc.double({ noInteger: true })) }),
      fc.record({ expireTime: fc.oneof(fc.integer({ min: -1e9, max: now() }), fc.integer({ min: 1e11 + 1, max: 1e15 }), fc.constant(Number.NaN)) }),
      fc.record({ data: fc.string({ minLength: 1001, maxLength: 1100 }) }),
    );
    await fc.assert(
      fc.asyncProperty(invalid, async (options) => {
        await expect(generateToken(opentok, OPENTOK_SESSION, options as TokenOptions)).rejects.toBeInstanceOf(VideoValidationError);
      }),
      { numRuns: 300 },
    );
  });
});
