import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, ConflictError, InvalidRequestError, InvalidResponseError, NetworkError, NotFoundError, ServerError } from '@video/core';
import { createSession, generateToken, migrateSession } from '@video/sessions';
import { websocketConnect, websocketDisconnect, type WebsocketConnectOptions } from '@video/sip';
import { expectAuthHeaders, MODES, projectPrefix, sessionWithClients, startHarness, type Harness } from '../../../test/support/harness.js';
import { BAD_IDS, expectApiError, expectRejectedLocally, rejection, until, wrongKeyClient } from '../../../test/support/assertions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const URI = 'wss://audio.example.com/socket';

describe.each(MODES)('Audio Connector with %s credentials', (mode) => {
  async function routed(clients = 1) {
    const client = h.client(mode);
    const { sessionId, participants } = await sessionWithClients(client, h.emu, { clients });
    const token = await generateToken(client, sessionId, { data: 'connector' });
    return { client, sessionId, token, participants };
  }

  it('starts with the minimal body and joins as a connection without a stream', async () => {
    const { client, sessionId, token } = await routed();
    await h.mark();
    const connector = await websocketConnect(client, sessionId, { token, uri: URI });

    const req = await h.lastRequest();
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`${projectPrefix(client)}/connect`);
    expect(req.query).toEqual({});
    expectAuthHeaders(req, mode, true);
    expect(req.rawBody).toBe(JSON.stringify({ sessionId, token, websocket: { uri: URI } }));

    const state = await h.emu.control.state();
    const stored = state.audioConnectors.filter((c) => c.sessionId === sessionId);
    expect(stored).toHaveLength(1);
    expect(connector).toEqual({ id: stored[0]!.id, connectionId: stored[0]!.connectionId, sessionId });
    expect(stored[0]).toMatchObject({ uri: URI, bidirectional: false, audioRate: 16000, sessionMigration: false });
    const session = state.sessions.find((s) => s.sessionId === sessionId)!;
    expect(session.connections).toHaveLength(2);
    expect(session.connections.find((c) => c.connectionId === connector.connectionId)).toMatchObject({ kind: 'websocket', data: 'connector' });
    expect(session.streams).toHaveLength(1);
  });

  it('sends every option, with audioTransport in snake_case', async () => {
    const { client, sessionId, token, participants } = await routed(2);
    await h.mark();
    const connector = await websocketConnect(client, sessionId, {
      token,
      uri: URI,
      streams: [participants[1]!.streamId!],
      headers: { 'X-Call': 'c-1', Authorization: 'Bearer abc' },
      audioRate: 24000,
      bidirectional: true,
      audioTransport: {
        transport: 'json',
        encoding: 'base64',
        audioField: 'audio_out',
        receiveAudioField: 'audio_in',
        staticFields: { callId: 'c-1', nestedValue: { someKey: 1 } },
      },
      sessionMigration: true,
    });

    const websocket = {
      uri: URI,
      streams: [participants[1]!.streamId],
      headers: { 'X-Call': 'c-1', Authorization: 'Bearer abc' },
      audioRate: 24000,
      bidirectional: true,
      audioTransport: {
        transport: 'json',
        encoding: 'base64',
        audio_field: 'audio_out',
        receive_audio_field: 'audio_in',
        static_fields: { callId: 'c-1', nestedValue: { someKey: 1 } },
      },
    };
    // sessionMigration at the top level of the body: the placement this SDK reads from the guide.
    const req = await h.lastRequest();
    expectAuthHeaders(req, mode, true);
    expect(req.body).toEqual({ sessionId, token, sessionMigration: true, websocket });
    expect(req.rawBody).toBe(JSON.stringify({ sessionId, token, sessionMigration: true, websocket }));

    const stored = (await h.emu.control.state()).audioConnectors.find((c) => c.id === connector.id);
    expect(stored).toMatchObject({
      streams: websocket.streams,
      headers: websocket.headers,
      audioRate: 24000,
      bidirectional: true,
      audioTransport: websocket.audioTransport,
      sessionMigration: true,
    });
  });

  it('accepts each audio rate, false, and the uri length limits', async () => {
    const { client, sessionId, token } = await routed();
    for (const audioRate of [8000, 16000, 24000] as const) {
      await h.mark();
      const { id } = await websocketConnect(client, sessionId, { token, uri: URI, audioRate, bidirectional: false });
      expect((await h.lastRequest()).body).toEqual({ sessionId, token, websocket: { uri: URI, audioRate, bidirectional: false } });
      expect((await h.emu.control.state()).audioConnectors.find((c) => c.id === id)).toMatchObject({ audioRate });
    }
    for (const uri of ['ws://a.example/', `wss://example.com/${'a'.repeat(2048 - 'wss://example.com/'.length)}`]) {
      expect([15, 2048]).toContain(uri.length);
      await h.mark();
      await websocketConnect(client, sessionId, { token, uri });
      expect((await h.lastRequest()).body).toEqual({ sessionId, token, websocket: { uri } });
    }
    const headers = { 'X-Big': 'v'.repeat(512 - 'X-Big'.length) };
    await websocketConnect(client, sessionId, { token, uri: URI, headers, audioTransport: { transport: 'binary' } });
    await h.mark();
    await websocketConnect(client, sessionId, { token, uri: URI, sessionMigration: false });
    expect((await h.lastRequest()).rawBody).toBe(JSON.stringify({ sessionId, token, sessionMigration: false, websocket: { uri: URI } }));
  });

  it('rejects a 2xx answer without a connector id as an InvalidResponseError', async () => {
    const { client, sessionId, token } = await routed();
    await h.emu.control.injectFault({ method: 'POST', path: '**/connect', action: { type: 'status', status: 200, body: { connectionId: 'c-1' } } });
    const error = await rejection(websocketConnect(client, sessionId, { token, uri: URI }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toBe('websocketConnect: the response has no id');
    // Without its connection ID the connector could not be stopped.
    await h.emu.control.injectFault({ method: 'POST', path: '**/connect', action: { type: 'status', status: 200, body: { id: 'w-1' } } });
    const noConnection = await rejection(websocketConnect(client, sessionId, { token, uri: URI }));
    expect(noConnection).toBeInstanceOf(InvalidResponseError);
    expect(noConnection.message).toBe('websocketConnect: the response has no connectionId');
  });

  it('stops a connector by force-disconnecting its connection', async () => {
    const { client, sessionId, token, participants } = await routed();
    const connector = await websocketConnect(client, sessionId, { token, uri: URI });
    await h.mark();
    await expect(websocketDisconnect(client, connector)).resolves.toBeUndefined();

    const req = await h.lastRequest();
    expect({ method: req.method, path: req.path, query: req.query, rawBody: req.rawBody, status: req.status }).toEqual({
      method: 'DELETE',
      path: `${projectPrefix(client)}/session/${sessionId}/connection/${connector.connectionId}`,
      query: {},
      rawBody: '',
      status: 204,
    });
    expectAuthHeaders(req, mode, false);

    const state = await h.emu.control.state();
    expect(state.audioConnectors.filter((c) => c.sessionId === sessionId)).toEqual([]);
    const session = state.sessions.find((s) => s.sessionId === sessionId)!;
    expect(session.connections.map((c) => c.connectionId)).toEqual([participants[0]!.connectionId]);

    // Already gone: the API's 404.
    await expectApiError(() => websocketDisconnect(client, connector), NotFoundError, {
      status: 404,
      code: 'not_found',
      message: 'Connection not found: the client is not connected to the session',
    });
  });

  it('takes any object with the two IDs, and ignores its other properties', async () => {
    const { client, sessionId, token } = await routed();
    const first = await websocketConnect(client, sessionId, { token, uri: URI });
    const second = await websocketConnect(client, sessionId, { token, uri: URI });
    await h.mark();
    await websocketDisconnect(client, { sessionId, connectionId: second.connectionId });
    await websocketDisconnect(client, { ...first, id: 'not-used', extra: 1 } as never);
    expect((await h.requests()).map((r) => `${r.method} ${r.path}`)).toEqual([
      `DELETE ${projectPrefix(client)}/session/${sessionId}/connection/${second.connectionId}`,
      `DELETE ${projectPrefix(client)}/session/${sessionId}/connection/${first.connectionId}`,
    ]);
    expect((await h.emu.control.state()).audioConnectors.filter((c) => c.sessionId === sessionId)).toEqual([]);
  });

  it('percent-encodes the IDs it puts in the path', async () => {
    const client = h.client(mode);
    await h.mark();
    await rejection(websocketDisconnect(client, { sessionId: 'a b', connectionId: 'c%d' }));
    expect((await h.lastRequest()).path).toBe(`${projectPrefix(client)}/session/a%20b/connection/c%25d`);
  });

  it('a connector started with sessionMigration: true survives a session migration; one without is disconnected', async () => {
    const { client, sessionId, token, participants } = await routed();
    const kept = await websocketConnect(client, sessionId, { token, uri: URI, sessionMigration: true });
    const dropped = await websocketConnect(client, sessionId, { token, uri: URI });
    await migrateSession(client, sessionId);
    const state = await until(
      () => h.emu.control.state(),
      (s) => s.sessions.find((x) => x.sessionId === sessionId)!.migration.count === 1,
    );
    expect(state.audioConnectors.filter((c) => c.sessionId === sessionId).map((c) => c.id)).toEqual([kept.id]);
    expect(state.sessions.find((x) => x.sessionId === sessionId)!.connections.map((c) => c.connectionId)).toEqual([
      participants[0]!.connectionId,
      kept.connectionId,
    ]);
    await expectApiError(() => websocketDisconnect(client, dropped), NotFoundError, {
      status: 404,
      code: 'not_found',
      message: 'Connection not found: the client is not connected to the session',
    });
    await websocketDisconnect(client, kept);
  });

  it('validates every input locally and sends nothing', async () => {
    const client = h.client(mode);
    const ok: WebsocketConnectOptions = { token: 'a-token', uri: URI };
    const long = `wss://example.com/${'a'.repeat(2049 - 'wss://example.com/'.length)}`;
    const cases: [string, unknown, unknown][] = [
      ['sessionId', '', ok],
      ['sessionId', 'a/b', ok],
      ['sessionId', '..', ok],
      ['sessionId', '?x', ok],
      ['sessionId', null, ok],
      ['options', 'S', undefined],
      ['options', 'S', URI],
      ['url', 'S', { ...ok, url: URI }],
      ['audio_rate', 'S', { ...ok, audio_rate: 8000 }],
      ['token', 'S', { uri: URI }],
      ['token', 'S', { ...ok, token: '' }],
      ['uri', 'S', { token: 't' }],
      ['uri', 'S', { ...ok, uri: '' }],
      ['uri', 'S', { ...ok, uri: 'https://audio.example.com/socket' }],
      ['uri', 'S', { ...ok, uri: 'audio.example.com/socket' }],
      ['uri', 'S', { ...ok, uri: 'ws://a.exampl' }],
      ['uri', 'S', { ...ok, uri: long }],
      ['uri', 'S', { ...ok, uri: 'wss://audio.example.com/a b' }],
      ['streams', 'S', { ...ok, streams: 'all' }],
      ['streams[0]', 'S', { ...ok, streams: [''] }],
      ['headers', 'S', { ...ok, headers: 'X-A: b' }],
      ['headers.X-A', 'S', { ...ok, headers: { 'X-A': 5 } }],
      ['headers.bad name', 'S', { ...ok, headers: { 'bad name': 'v' } }],
      ['headers.X-A', 'S', { ...ok, headers: { 'X-A': 'a\r\nX-Injected: 1' } }],
      ['headers.X-A', 'S', { ...ok, headers: { 'X-A': 'a\u0000b' } }],
      ['headers', 'S', { ...ok, headers: { 'X-Big': 'v'.repeat(513 - 'X-Big'.length) } }],
      ['audioRate', 'S', { ...ok, audioRate: 44100 }],
      ['audioRate', 'S', { ...ok, audioRate: '16000' }],
      ['audioRate', 'S', { ...ok, audioRate: 0 }],
      ['bidirectional', 'S', { ...ok, bidirectional: 'true' }],
      ['bidirectional', 'S', { ...ok, bidirectional: 1 }],
      ['audioTransport', 'S', { ...ok, audioTransport: 'json' }],
      ['audioTransport.transport', 'S', { ...ok, audioTransport: {} }],
      ['audioTransport.transport', 'S', { ...ok, audioTransport: { transport: 'xml' } }],
      ['audioTransport.encoding', 'S', { ...ok, audioTransport: { transport: 'json', encoding: 'hex' } }],
      ['audioTransport.audio_field', 'S', { ...ok, audioTransport: { transport: 'json', audio_field: 'a' } }],
      ['audioTransport.audioField', 'S', { ...ok, audioTransport: { transport: 'json', audioField: '' } }],
      ['audioTransport.receiveAudioField', 'S', { ...ok, audioTransport: { transport: 'json', receiveAudioField: 3 } }],
      ['audioTransport.staticFields', 'S', { ...ok, audioTransport: { transport: 'json', staticFields: 'a=b' } }],
      ['signal', 'S', { ...ok, signal: 'abort' }],
    ];
    for (const [field, sessionId, options] of cases) {
      await expectRejectedLocally(h, () => websocketConnect(client, sessionId as string, options as WebsocketConnectOptions), field);
    }
    // The old signature (a connector ID) and other non-objects.
    for (const connector of ['connector-id', undefined, null, 42, ['S', 'C']]) {
      const error = await expectRejectedLocally(h, () => websocketDisconnect(client, connector as never), 'connector');
      expect(error.message).toMatch(/^Invalid connector: must be the Audio Connector that websocketConnect returned/);
    }
    for (const [, bad] of BAD_IDS) {
      await expectRejectedLocally(h, () => websocketDisconnect(client, { sessionId: bad, connectionId: 'C' } as never), 'connector.sessionId');
      await expectRejectedLocally(h, () => websocketDisconnect(client, { sessionId: 'S', connectionId: bad } as never), 'connector.connectionId');
    }
    await expectRejectedLocally(h, () => websocketDisconnect(client, { connectionId: 'C' } as never), 'connector.sessionId');
    await expectRejectedLocally(h, () => websocketDisconnect(client, { id: 'I', sessionId: 'S' } as never), 'connector.connectionId');
    const connector = { sessionId: 'S', connectionId: 'C' };
    await expectRejectedLocally(h, () => websocketDisconnect(client, connector, { force: true } as never), 'force');
    await expectRejectedLocally(h, () => websocketDisconnect(client, connector, { timeout: 0 }), 'timeout');
    await expectRejectedLocally(h, () => websocketConnect(client, 'S', { ...ok, sessionMigration: 'yes' } as never), 'sessionMigration');
    await expectRejectedLocally(h, () => websocketConnect(client, 'S', { ...ok, session_migration: true } as never), 'session_migration');
  });

  it('maps a relayed session to a ConflictError with the API message', async () => {
    const client = h.client(mode);
    const { sessionId } = await createSession(client, { mediaMode: 'relayed' });
    const token = await generateToken(client, sessionId);
    const error = await rejection(websocketConnect(client, sessionId, { token, uri: URI }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'conflict' });
    expect(error.message).toMatch(/routed/i);
    expect(error.message).toBe((error.body as { message: string }).message);
    expect((await h.emu.control.state()).audioConnectors.filter((c) => c.sessionId === sessionId)).toEqual([]);
  });

  it('maps an unknown session, a bad token and bad credentials', async () => {
    const client = h.client(mode);
    const otherMode = mode === 'vonage' ? 'opentok' : 'vonage';
    const { sessionId: foreign } = await createSession(h.client(otherMode), { mediaMode: 'routed' });
    const missing = await rejection(websocketConnect(client, foreign, { token: 't', uri: URI }));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ status: 404, message: 'Session not found' });

    const { sessionId, token } = await routed();
    const badToken = await rejection(websocketConnect(client, sessionId, { token: 'not-a-token', uri: URI }));
    expect(badToken).toBeInstanceOf(InvalidRequestError);
    expect(badToken).toMatchObject({ status: 400, code: 'bad_request' });
    expect(badToken.message).toMatch(/token/i);

    const denied = await rejection(websocketConnect(wrongKeyClient(h, mode), sessionId, { token, uri: URI }));
    expect(denied).toBeInstanceOf(AuthenticationError);
    expect(denied).toMatchObject({ status: 403, code: 'authentication_failed' });
    const connector = await websocketConnect(client, sessionId, { token, uri: URI });
    const deniedStop = await rejection(websocketDisconnect(wrongKeyClient(h, mode), connector));
    expect(deniedStop).toBeInstanceOf(AuthenticationError);
    expect((await h.emu.control.state()).audioConnectors.some((c) => c.id === connector.id)).toBe(true);
    const unknown = await rejection(websocketDisconnect(client, { sessionId: foreign, connectionId: connector.connectionId }));
    expect(unknown).toMatchObject({ status: 404, message: 'Session not found' });
    const badSession = await rejection(websocketDisconnect(client, { sessionId: 'not-a-session', connectionId: connector.connectionId }));
    expect(badSession).toBeInstanceOf(InvalidRequestError);
  });

  it('is not retried after a 500 or a dropped connection', async () => {
    const { sessionId, token } = await routed();
    const retrying = h.client(mode, { retry: { maxAttempts: 3, baseDelay: 1 } });
    await h.emu.control.injectFault({
      method: 'POST',
      path: '**/connect',
      action: { type: 'status', status: 500, body: { code: 500, message: 'Connector failed' } },
    });
    await h.mark();
    const server = await rejection(websocketConnect(retrying, sessionId, { token, uri: URI }));
    expect(server).toBeInstanceOf(ServerError);
    expect(server).toMatchObject({ status: 500, message: 'Connector failed' });
    expect(await h.requests()).toHaveLength(1);

    await h.emu.control.injectFault({ method: 'POST', path: '**/connect', afterHandling: true, action: { type: 'drop' } });
    await h.mark();
    expect(await rejection(websocketConnect(retrying, sessionId, { token, uri: URI }))).toBeInstanceOf(NetworkError);
    expect(await h.requests()).toHaveLength(1);
    expect((await h.emu.control.state()).audioConnectors.filter((c) => c.sessionId === sessionId)).toHaveLength(1);
  });

  it('retries a stop after a 500; a retry after a stop that went through ends in a NotFoundError', async () => {
    const { sessionId, token } = await routed();
    const retrying = h.client(mode, { retry: { maxAttempts: 3, baseDelay: 1 } });
    const connector = await websocketConnect(retrying, sessionId, { token, uri: URI });
    await h.emu.control.injectFault({ method: 'DELETE', path: '**/connection/*', action: { type: 'status', status: 500 } });
    await h.mark();
    await expect(websocketDisconnect(retrying, connector)).resolves.toBeUndefined();
    expect((await h.requests()).map((r) => r.status)).toEqual([500, 204]);

    const second = await websocketConnect(retrying, sessionId, { token, uri: URI });
    await h.emu.control.injectFault({ method: 'DELETE', path: '**/connection/*', afterHandling: true, action: { type: 'drop' } });
    await h.mark();
    expect(await rejection(websocketDisconnect(retrying, second))).toBeInstanceOf(NotFoundError);
    expect((await h.requests()).map((r) => r.status)).toEqual([null, 404]);
    expect((await h.emu.control.state()).audioConnectors.filter((c) => c.sessionId === sessionId)).toEqual([]);
  });

  it('accepts a 200 with a body from the disconnect', async () => {
    const { client, sessionId, token } = await routed();
    const connector = await websocketConnect(client, sessionId, { token, uri: URI });
    await h.emu.control.injectFault({ method: 'DELETE', path: '**/connection/*', action: { type: 'status', status: 200, body: { ok: true } } });
    await expect(websocketDisconnect(client, connector)).resolves.toBeUndefined();
  });
});
