import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  InvalidRequestError,
  InvalidResponseError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '@video/core';
import { createSession, generateToken, migrateSession } from '@video/sessions';
import { dial, type DialOptions } from '@video/sip';
import {
  expectAuthHeaders,
  MODES,
  projectPrefix,
  sessionWithClients,
  startHarness,
  type Harness,
} from '../../../test/support/harness.js';
import { expectRejectedLocally, ownerOf, rejection, until, wrongKeyClient } from '../../../test/support/assertions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe.each(MODES)('dial with %s credentials', (mode) => {
  /** A routed session with one publishing client, and a token for the SIP participant. */
  async function routed() {
    const client = h.client(mode);
    const { sessionId, participants } = await sessionWithClients(client, h.emu);
    const token = await generateToken(client, sessionId, { data: 'sip=phone' });
    return { client, sessionId, token, other: participants[0]! };
  }

  it('sends the minimal body and joins the call as a connection with a stream', async () => {
    const { client, sessionId, token } = await routed();
    await h.mark();
    const call = await dial(client, sessionId, { token, uri: 'sip:alice@sip.example.com' });

    const req = await h.lastRequest();
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`${projectPrefix(client)}/dial`);
    expect(req.query).toEqual({});
    expectAuthHeaders(req, mode, true);
    expect(req.body).toEqual({ sessionId, token, sip: { uri: 'sip:alice@sip.example.com' } });
    expect(req.rawBody).toBe(JSON.stringify({ sessionId, token, sip: { uri: 'sip:alice@sip.example.com' } }));
    expect(req.status).toBe(200);

    const state = await h.emu.control.state();
    const stored = state.sipCalls.filter((c) => c.sessionId === sessionId);
    expect(stored).toHaveLength(1);
    expect(call).toEqual({
      id: stored[0]!.id,
      connectionId: stored[0]!.connectionId,
      streamId: stored[0]!.streamId,
      sessionId,
      ...ownerOf(client),
      createdAt: new Date(stored[0]!.createdAt as number),
      updatedAt: new Date(stored[0]!.updatedAt as number),
    });
    expect(stored[0]).toMatchObject({ uri: 'sip:alice@sip.example.com', secure: false, video: false, observeForceMute: false });

    const session = state.sessions.find((s) => s.sessionId === sessionId)!;
    expect(session.connections).toHaveLength(2);
    expect(session.connections.find((c) => c.connectionId === call.connectionId)).toMatchObject({
      kind: 'sip',
      data: 'sip=phone',
      role: 'publisher',
    });
    expect(session.streams).toHaveLength(2);
    expect(session.streams.find((s) => s.streamId === call.streamId)).toMatchObject({
      connectionId: call.connectionId,
      hasAudio: true,
      hasVideo: false,
    });
  });

  it('sends every option in its wire form', async () => {
    const { client, sessionId, token, other } = await routed();
    await h.mark();
    const call = await dial(client, sessionId, {
      token,
      uri: 'sip:bob@sip.example.com;transport=tls',
      from: '+15551234567',
      headers: { 'X-Room': 'blue', 'x-empty': '' },
      auth: { username: 'user', password: 'pass' },
      secure: true,
      video: true,
      observeForceMute: true,
      streams: [other.streamId!],
      sessionMigration: true,
    });

    // sessionMigration at the top level of the body: the placement this SDK reads from the guide.
    const expected = {
      sessionId,
      token,
      sessionMigration: true,
      sip: {
        uri: 'sip:bob@sip.example.com;transport=tls',
        from: '+15551234567',
        headers: { 'X-Room': 'blue', 'x-empty': '' },
        auth: { username: 'user', password: 'pass' },
        secure: true,
        video: true,
        observeForceMute: true,
        streams: [other.streamId],
      },
    };
    const req = await h.lastRequest();
    expect(req.path).toBe(`${projectPrefix(client)}/dial`);
    expectAuthHeaders(req, mode, true);
    expect(req.body).toEqual(expected);
    expect(req.rawBody).toBe(JSON.stringify(expected));

    const state = await h.emu.control.state();
    expect(state.sipCalls.find((c) => c.id === call.id)).toMatchObject({
      from: '+15551234567',
      headers: { 'X-Room': 'blue', 'x-empty': '' },
      auth: { username: 'user' },
      secure: true,
      video: true,
      observeForceMute: true,
      streams: [other.streamId],
      sessionMigration: true,
    });
    const session = state.sessions.find((s) => s.sessionId === sessionId)!;
    expect(session.streams.find((s) => s.streamId === call.streamId)).toMatchObject({ hasVideo: true, name: '+15551234567' });
  });

  it('sends false booleans and an empty stream list as given', async () => {
    const { client, sessionId, token } = await routed();
    await h.mark();
    const call = await dial(client, sessionId, {
      token,
      uri: 'sips:carol@example.com',
      secure: false,
      video: false,
      observeForceMute: false,
      streams: [],
      sessionMigration: false,
    });
    expect((await h.lastRequest()).rawBody).toBe(
      JSON.stringify({
        sessionId,
        token,
        sessionMigration: false,
        sip: { uri: 'sips:carol@example.com', secure: false, video: false, observeForceMute: false, streams: [] },
      }),
    );
    expect((await h.emu.control.state()).sipCalls.find((c) => c.id === call.id)).toMatchObject({ sessionMigration: false });
  });

  it('sends digest auth without a password (the reference requires only the username)', async () => {
    const { client, sessionId, token } = await routed();
    await h.mark();
    await dial(client, sessionId, { token, uri: 'sip:dave@example.com', auth: { username: 'dave' } }).catch(() => undefined);
    expect((await h.lastRequest()).body).toEqual({ sessionId, token, sip: { uri: 'sip:dave@example.com', auth: { username: 'dave' } } });
  });

  it('validates every input locally and sends nothing', async () => {
    const client = h.client(mode);
    const ok: DialOptions = { token: 'a-token', uri: 'sip:x@example.com' };
    const cases: [string, unknown, unknown][] = [
      ['sessionId', '', ok],
      ['sessionId', 'a/b', ok],
      ['sessionId', '..', ok],
      ['sessionId', '?x', ok],
      ['sessionId', 'a#b', ok],
      ['sessionId', 42, ok],
      ['options', 'S', undefined],
      ['options', 'S', null],
      ['options', 'S', 'sip:x@example.com'],
      ['sipUri', 'S', { ...ok, sipUri: 'sip:x@example.com' }],
      ['token', 'S', { uri: ok.uri }],
      ['token', 'S', { ...ok, token: '' }],
      ['token', 'S', { ...ok, token: 7 }],
      ['uri', 'S', { token: ok.token }],
      ['uri', 'S', { ...ok, uri: '' }],
      ['uri', 'S', { ...ok, uri: 'http://example.com' }],
      ['uri', 'S', { ...ok, uri: 'sip:' }],
      ['uri', 'S', { ...ok, uri: 'sip:a b@example.com' }],
      ['from', 'S', { ...ok, from: '' }],
      ['from', 'S', { ...ok, from: 15551234567 }],
      ['from', 'S', { ...ok, from: 'a@example.com\r\nX-Injected: 1' }],
      ['from', 'S', { ...ok, from: 'a\u0000b' }],
      ['headers', 'S', { ...ok, headers: 'X-A: b' }],
      ['headers', 'S', { ...ok, headers: [['X-A', 'b']] }],
      ['headers.Room', 'S', { ...ok, headers: { Room: 'blue' } }],
      ['headers.X-', 'S', { ...ok, headers: { 'X-': 'blue' } }],
      ['headers.X-A', 'S', { ...ok, headers: { 'X-A': 1 } }],
      ['headers.X-A', 'S', { ...ok, headers: { 'X-A': 'a\r\nVia: evil' } }],
      ['headers.X-A', 'S', { ...ok, headers: { 'X-A': 'a\u0000b' } }],
      ['headers.X A', 'S', { ...ok, headers: { 'X A': 'b' } }],
      ['auth', 'S', { ...ok, auth: 'user:pass' }],
      ['auth.username', 'S', { ...ok, auth: {} }],
      ['auth.username', 'S', { ...ok, auth: { password: 'p' } }],
      ['auth.username', 'S', { ...ok, auth: { username: '', password: 'p' } }],
      ['auth.username', 'S', { ...ok, auth: { username: 'u\r\nX: 1"', password: 'p' } }],
      ['auth.password', 'S', { ...ok, auth: { username: 'u', password: 5 } }],
      ['auth.user', 'S', { ...ok, auth: { username: 'u', user: 'u' } }],
      ['secure', 'S', { ...ok, secure: 'true' }],
      ['video', 'S', { ...ok, video: 1 }],
      ['observeForceMute', 'S', { ...ok, observeForceMute: null }],
      ['streams', 'S', { ...ok, streams: 'stream-1' }],
      ['streams[0]', 'S', { ...ok, streams: [''] }],
      ['streams[1]', 'S', { ...ok, streams: ['a', 2] }],
      ['sessionMigration', 'S', { ...ok, sessionMigration: 'true' }],
      ['sessionMigration', 'S', { ...ok, sessionMigration: null }],
      ['session_migration', 'S', { ...ok, session_migration: true }],
      ['timeout', 'S', { ...ok, timeout: -1 }],
      ['retry', 'S', { ...ok, retry: 'yes' }],
    ];
    for (const [field, sessionId, options] of cases) {
      await expectRejectedLocally(h, () => dial(client, sessionId as string, options as DialOptions), field);
    }
  });

  it('a call started with sessionMigration: true survives a session migration; one without is disconnected', async () => {
    const { client, sessionId, token, other } = await routed();
    const kept = await dial(client, sessionId, { token, uri: 'sip:kept@example.com', sessionMigration: true });
    const dropped = await dial(client, sessionId, { token, uri: 'sip:dropped@example.com' });
    await migrateSession(client, sessionId);
    const state = await until(
      () => h.emu.control.state(),
      (s) => s.sessions.find((x) => x.sessionId === sessionId)!.migration.count === 1,
    );
    expect(state.sipCalls.filter((c) => c.sessionId === sessionId).map((c) => c.id)).toEqual([kept.id]);
    const session = state.sessions.find((x) => x.sessionId === sessionId)!;
    expect(session.connections.map((c) => c.connectionId)).toEqual([other.connectionId, kept.connectionId]);
    expect(session.streams.map((s) => s.streamId)).toEqual([other.streamId, kept.streamId]);
    expect(session.streams.map((s) => s.streamId)).not.toContain(dropped.streamId);
  });

  it('maps a relayed session to a ConflictError with the API message', async () => {
    const client = h.client(mode);
    const { sessionId } = await createSession(client, { mediaMode: 'relayed' });
    const token = await generateToken(client, sessionId);
    await h.mark();
    const error = await rejection(dial(client, sessionId, { token, uri: 'sip:x@example.com' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'conflict', method: 'POST' });
    expect(error.message).toMatch(/routed/);
    expect(error.message).toBe((error.body as { message: string }).message);
    expect((await h.emu.control.state()).sipCalls.filter((c) => c.sessionId === sessionId)).toEqual([]);
  });

  it('maps an unknown session to a NotFoundError', async () => {
    const client = h.client(mode);
    // A real session of the other project: well-formed, but not this project's.
    const otherMode = mode === 'vonage' ? 'opentok' : 'vonage';
    const { sessionId } = await createSession(h.client(otherMode), { mediaMode: 'routed' });
    const error = await rejection(dial(client, sessionId, { token: 'a-token', uri: 'sip:x@example.com' }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'not_found', message: 'Session not found' });
  });

  it('maps an invalid session ID and a bad token to InvalidRequestError, a token of another session to a 403', async () => {
    const { client, sessionId } = await routed();
    const badSession = await rejection(dial(client, 'not-a-session', { token: 'a-token', uri: 'sip:x@example.com' }));
    expect(badSession).toBeInstanceOf(InvalidRequestError);
    expect(badSession).toMatchObject({ status: 400, code: 'bad_request' });
    expect(badSession.message).toMatch(/session/i);

    const badToken = await rejection(dial(client, sessionId, { token: 'not-a-token', uri: 'sip:x@example.com' }));
    expect(badToken).toBeInstanceOf(InvalidRequestError);
    expect(badToken).toMatchObject({ status: 400, code: 'bad_request' });
    expect(badToken.message).toMatch(/token/i);

    // A valid token, but for another session: the API's 403 with code 10007.
    const { sessionId: otherSession } = await createSession(client, { mediaMode: 'routed' });
    const foreign = await generateToken(client, otherSession);
    const wrongSession = await rejection(dial(client, sessionId, { token: foreign, uri: 'sip:x@example.com' }));
    expect(wrongSession).toBeInstanceOf(AuthenticationError);
    expect({ status: wrongSession.status, code: (wrongSession.body as { code: number }).code }).toEqual({ status: 403, code: 10007 });
    expect((await h.emu.control.state()).sipCalls.filter((c) => c.sessionId === sessionId)).toEqual([]);
  });

  it('maps rejected REST credentials to an AuthenticationError', async () => {
    const { sessionId, token } = await routed();
    const error = await rejection(dial(wrongKeyClient(h, mode), sessionId, { token, uri: 'sip:x@example.com' }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 403, code: 'authentication_failed' });
  });

  it('maps injected 400, 429 and 500 answers to their error classes', async () => {
    const { client, sessionId, token } = await routed();
    const body = (code: number, message: string) => ({ code, message });
    await h.emu.control.injectFault({
      method: 'POST',
      path: '**/dial',
      action: { type: 'status', status: 400, body: body(400, 'Custom SIP headers must start with X-') },
    });
    const bad = await rejection(dial(client, sessionId, { token, uri: 'sip:x@example.com' }));
    expect(bad).toBeInstanceOf(InvalidRequestError);
    expect(bad).toMatchObject({ status: 400, code: 'bad_request', message: 'Custom SIP headers must start with X-' });

    await h.emu.control.injectFault({
      method: 'POST',
      path: '**/dial',
      action: { type: 'status', status: 429, headers: { 'Retry-After': '7' }, body: body(429, 'Too many requests') },
    });
    const limited = await rejection(dial(client, sessionId, { token, uri: 'sip:x@example.com' }));
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toMatchObject({ status: 429, code: 'rate_limited', message: 'Too many requests', retryAfter: 7 });

    const retrying = h.client(mode, { retry: { maxAttempts: 3, baseDelay: 1 } });
    await h.emu.control.injectFault({
      method: 'POST',
      path: '**/dial',
      action: { type: 'status', status: 500, body: body(500, 'Internal error') },
    });
    await h.mark();
    const server = await rejection(dial(retrying, sessionId, { token, uri: 'sip:x@example.com' }));
    expect(server).toBeInstanceOf(ServerError);
    expect(server).toMatchObject({ status: 500, code: 'server_error', message: 'Internal error' });
    expect((await h.requests()).length).toBe(1);
    expect((await h.emu.control.state()).sipCalls.filter((c) => c.sessionId === sessionId)).toEqual([]);
  });

  it('retries a 500 with API code -1 (no media server allocated: not carried out), and only that 500', async () => {
    const { sessionId, token } = await routed();
    const retrying = h.client(mode, { retry: { maxAttempts: 3, baseDelay: 1 } });
    await h.emu.control.injectFault({
      method: 'POST',
      path: '**/dial',
      action: { type: 'status', status: 500, body: { code: -1, message: 'Unable to allocate a media server' } },
    });
    await h.mark();
    const call = await dial(retrying, sessionId, { token, uri: 'sip:x@example.com' });
    expect((await h.requests()).map((r) => r.path)).toEqual([`${projectPrefix(retrying)}/dial`, `${projectPrefix(retrying)}/dial`]);
    expect((await h.emu.control.state()).sipCalls.filter((c) => c.sessionId === sessionId).map((c) => c.id)).toEqual([call.id]);

    // Without retries the error says it is safe to call again.
    await h.emu.control.injectFault({
      method: 'POST',
      path: '**/dial',
      action: { type: 'status', status: 500, body: { code: -1, message: 'Unable to allocate a media server' } },
    });
    const error = await rejection(dial(h.client(mode, { retry: false }), sessionId, { token, uri: 'sip:y@example.com' }));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 500, apiCode: -1, retryable: true });
    expect(error.message).toMatch(/not carried out/);
  });

  it('is never retried after the connection drops once the call was placed', async () => {
    const { sessionId, token } = await routed();
    const retrying = h.client(mode, { retry: { maxAttempts: 3, baseDelay: 1 } });
    await h.emu.control.injectFault({ method: 'POST', path: '**/dial', afterHandling: true, action: { type: 'drop' } });
    await h.mark();
    const error = await rejection(dial(retrying, sessionId, { token, uri: 'sip:x@example.com' }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.code).toBe('network_error');
    const requests = await h.requests();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${projectPrefix(retrying)}/dial`]);
    expect((await h.emu.control.state()).sipCalls.filter((c) => c.sessionId === sessionId)).toHaveLength(1);
  });

  it('is never retried after a timeout once the call was placed', async () => {
    const { sessionId, token } = await routed();
    const retrying = h.client(mode, { retry: { maxAttempts: 3, baseDelay: 1 }, timeout: 100 });
    await h.emu.control.injectFault({ method: 'POST', path: '**/dial', afterHandling: true, action: { type: 'delay', ms: 1000 } });
    await h.mark();
    const error = await rejection(dial(retrying, sessionId, { token, uri: 'sip:x@example.com' }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(await h.requests()).toHaveLength(1);
    expect((await h.emu.control.state()).sipCalls.filter((c) => c.sessionId === sessionId)).toHaveLength(1);
  });

  it('rejects a 2xx answer without a call id as an InvalidResponseError', async () => {
    const { client, sessionId, token } = await routed();
    await h.emu.control.injectFault({ method: 'POST', path: '**/dial', action: { type: 'status', status: 200, body: { connectionId: 'conn-1', sessionId } } });
    const error = await rejection(dial(client, sessionId, { token, uri: 'sip:x@example.com' }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ status: 200, message: 'dial: the response has no id' });
  });

  it('accepts any 2xx and reads Vonage-style extra fields', async () => {
    const { client, sessionId, token } = await routed();
    await h.emu.control.injectFault({
      method: 'POST',
      path: '**/dial',
      action: {
        type: 'status',
        status: 201,
        body: { id: 'call-1', connectionId: 'conn-1', streamId: 'stream-1', sessionId, applicationId: 'app-1', createdAt: 1_700_000_000_000 },
      },
    });
    expect(await dial(client, sessionId, { token, uri: 'sip:x@example.com' })).toEqual({
      id: 'call-1',
      connectionId: 'conn-1',
      streamId: 'stream-1',
      sessionId,
      applicationId: 'app-1',
      createdAt: new Date(1_700_000_000_000),
      updatedAt: undefined,
    });
  });
});
