import { createHmac, createPublicKey, timingSafeEqual, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoClient } from '@video/core';
import { createSession, generateToken, type TokenOptions } from '@video/sessions';
import { MODES, startHarness, type Harness, type Mode } from '../../../test/support/harness.js';
import { expectRejectedLocally } from '../../../test/support/assertions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const FORMAT = { vonage: 'vonage-jwt', opentok: 'opentok-jwt' } as const;

interface Claims {
  [claim: string]: unknown;
  iat?: number;
  exp?: number;
}

/** Verifies a JWT client token with the emulator's credentials, independently of @video/auth. */
async function verifyJwt(token: string, mode: Mode): Promise<{ payload: Claims; protectedHeader: unknown }> {
  const [header = '', payload = '', signature = ''] = token.split('.');
  const signed = Buffer.from(`${header}.${payload}`);
  const sig = Buffer.from(signature, 'base64url');
  const valid =
    mode === 'vonage'
      ? verify('RSA-SHA256', signed, createPublicKey(h.emu.credentials.vonage.privateKey), sig)
      : timingSafeEqual(createHmac('sha256', h.emu.credentials.opentok.apiSecret).update(signed).digest(), sig);
  expect(valid).toBe(true);
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Claims;
  return { payload: decode(payload), protectedHeader: decode(header) };
}

describe.each(MODES)('generateToken (%s credentials)', (mode: Mode) => {
  let client: VideoClient;
  let sessionId: string;
  beforeAll(async () => {
    client = h.client(mode);
    ({ sessionId } = await createSession(client, { mediaMode: 'routed' }));
  });

  async function joined(token: string) {
    const result = await h.emu.control.join(sessionId, token);
    const session = (await h.emu.control.state()).sessions.find((s) => s.sessionId === sessionId)!;
    return { result, connection: session.connections.find((c) => c.connectionId === result.connectionId)! };
  }

  it('makes a publisher token from a client, accepted by a joining client, without any request', async () => {
    await h.mark();
    const token = await generateToken(client, sessionId);
    expect(await h.requests()).toEqual([]);
    const { result, connection } = await joined(token);
    expect(result).toEqual({ connectionId: expect.any(String), role: 'publisher', data: '' });
    expect(connection).toMatchObject({ role: 'publisher', kind: 'client', tokenFormat: FORMAT[mode] });
    const { payload, protectedHeader } = await verifyJwt(token, mode);
    expect(protectedHeader).toEqual({ alg: mode === 'vonage' ? 'RS256' : 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({ session_id: sessionId, role: 'publisher', scope: 'session.connect', initial_layout_class_list: '' });
    expect(payload.exp! - payload.iat!).toBe(24 * 60 * 60);
    expect(payload).not.toHaveProperty('connection_data');
    if (mode === 'vonage') expect(payload).toMatchObject({ application_id: client.projectKey, sub: 'video' });
    else expect(payload).toMatchObject({ iss: client.projectKey, ist: 'project' });
  });

  it('makes a token from plain credentials', async () => {
    const token = await generateToken(h.emu.credentials[mode], sessionId, { role: 'subscriber' });
    const { result, connection } = await joined(token);
    expect(result.role).toBe('subscriber');
    expect(connection.tokenFormat).toBe(FORMAT[mode]);
  });

  it('carries role, data, expiry and initial layout classes', async () => {
    const expireTime = Math.floor(Date.now() / 1000) + 3600;
    const token = await generateToken(client, sessionId, {
      role: 'moderator',
      data: 'name=Jo é&x=1',
      expireTime,
      initialLayoutClassList: ['focus', 'big'],
    });
    const { result } = await joined(token);
    expect(result).toEqual({ connectionId: expect.any(String), role: 'moderator', data: 'name=Jo é&x=1' });
    const { streamId } = await h.emu.control.publish(sessionId, result.connectionId);
    const session = (await h.emu.control.state()).sessions.find((s) => s.sessionId === sessionId)!;
    expect(session.streams.find((s) => s.streamId === streamId)!.layoutClassList).toEqual(['focus', 'big']);
    const { payload } = await verifyJwt(token, mode);
    expect(payload).toMatchObject({ exp: expireTime, role: 'moderator', connection_data: 'name=Jo é&x=1', initial_layout_class_list: 'focus big' });
  });

  it('accepts every role, a Date expiry and expiresIn', async () => {
    for (const role of ['subscriber', 'publisher', 'publisheronly', 'moderator'] as const) {
      expect((await joined(await generateToken(client, sessionId, { role }))).result.role).toBe(role);
    }
    const date = new Date(Date.now() + 60_000);
    const { payload } = await verifyJwt(await generateToken(client, sessionId, { expireTime: date }), mode);
    expect(payload.exp).toBe(Math.floor(date.getTime() / 1000));
    const byDuration = await generateToken(client, sessionId, { expiresIn: 30 * 24 * 60 * 60 });
    await joined(byDuration);
    const claims = (await verifyJwt(byDuration, mode)).payload;
    expect(claims.exp! - claims.iat!).toBe(30 * 24 * 60 * 60);
  });

  if (mode === 'opentok') {
    it('makes a legacy T1 token, signed HMAC-SHA1 with the API secret and accepted by a joining client', async () => {
      const token = await generateToken(client, sessionId, { format: 't1', role: 'moderator', data: 'a b&c' });
      expect(token.startsWith('T1==')).toBe(true);
      const text = Buffer.from(token.slice(4), 'base64').toString('utf8');
      const [head, data] = [text.slice(0, text.indexOf(':')), text.slice(text.indexOf(':') + 1)];
      const sig = createHmac('sha1', h.emu.credentials.opentok.apiSecret).update(data).digest('hex');
      expect(head).toBe(`partner_id=${client.projectKey}&sig=${sig}`);
      const fields = new URLSearchParams(data);
      expect(fields.get('session_id')).toBe(sessionId);
      expect(fields.get('role')).toBe('moderator');
      expect(fields.get('connection_data')).toBe('a b&c');
      const { result, connection } = await joined(token);
      expect(result).toEqual({ connectionId: expect.any(String), role: 'moderator', data: 'a b&c' });
      expect(connection.tokenFormat).toBe('t1');
      // From plain credentials too.
      const plain = await generateToken(h.emu.credentials.opentok, sessionId, { format: 't1' });
      expect((await joined(plain)).connection.tokenFormat).toBe('t1');
    });

    it("refuses a session of another project (the token would be rejected when joining)", async () => {
      const other = await createSession(h.client('vonage'));
      await expectRejectedLocally(h, () => generateToken(client, other.sessionId), 'sessionId');
    });
  } else {
    it("refuses the T1 format, which needs OpenTok credentials", async () => {
      await expectRejectedLocally(h, () => generateToken(client, sessionId, { format: 't1' }), 'format');
    });
  }

  describe('rejects invalid options locally, naming the field', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const cases: [string, () => unknown, string][] = [
      ['an unknown role', () => ({ role: 'admin' }), 'role'],
      ['an expiry in the past', () => ({ expireTime: now() - 10 }), 'expireTime'],
      ['an expiry beyond 30 days', () => ({ expireTime: now() + 31 * 24 * 3600 }), 'expireTime'],
      ['an expiry in milliseconds', () => ({ expireTime: Date.now() + 60_000 }), 'expireTime'],
      ['a fractional expiry', () => ({ expireTime: now() + 60.5 }), 'expireTime'],
      ['expiresIn beyond 30 days', () => ({ expiresIn: 30 * 24 * 3600 + 1 }), 'expiresIn'],
      ['data over 1000 characters', () => ({ data: 'd'.repeat(1001) }), 'data'],
      ['layout classes over 1000 characters', () => ({ initialLayoutClassList: ['c'.repeat(1001)] }), 'initialLayoutClassList'],
      ['an unknown format', () => ({ format: 'jws' }), 'format'],
      ['an unknown option', () => ({ expire_time: now() + 60 }), 'expire_time'],
    ];
    it.each(cases)('%s', async (_, options, field) => {
      await expectRejectedLocally(h, () => generateToken(client, sessionId, options() as TokenOptions), field);
    });

    it.each([
      ['empty', ''],
      ['not a session ID', 'hello'],
      ['not a string', 42],
    ])('a session ID that is %s', async (_, bad) => {
      await expectRejectedLocally(h, () => generateToken(client, bad as string), 'sessionId');
    });

    it('credentials that are neither a client nor credentials', async () => {
      await expectRejectedLocally(h, () => generateToken(null as never, sessionId), 'credentials');
    });
  });
});
