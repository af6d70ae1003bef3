import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, InvalidRequestError, NotFoundError, ServerError, type VideoClient } from '@video/core';
import { createSession, generateToken, listConnections, type Connection, type ConnectionList } from '@video/sessions';
import { dial, websocketConnect } from '@video/sip';
import { expectAuthHeaders, MODES, projectPrefix, sessionWithClients, startHarness, type Harness, type Mode } from '../../../test/support/harness.js';
import { BAD_IDS, expectApiError, expectRejectedLocally, failNext, ownerOf, unknownSessionId, wrongKeyClient } from '../../../test/support/assertions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe.each(MODES)('listConnections (%s credentials)', (mode: Mode) => {
  let client: VideoClient;
  beforeAll(() => {
    client = h.client(mode);
  });

  it('lists the connected clients with a GET, as plain data', async () => {
    const { sessionId, participants } = await sessionWithClients(client, h.emu, { clients: 2, publish: false });
    const stored = (await h.emu.control.state()).sessions.find((s) => s.sessionId === sessionId)!;
    await h.mark();
    const page = await listConnections(client, sessionId);
    expect(page).toEqual({
      items: stored.connections.map(
        (c): Connection => ({ connectionId: c.connectionId, connectionState: 'Connected', createdAt: new Date(c.createdAt) }),
      ),
      totalCount: 2,
      sessionId,
      ...ownerOf(client),
    } satisfies ConnectionList);
    expect(page.items.map((c) => c.connectionId)).toEqual(participants.map((p) => p.connectionId));
    const request = await h.lastRequest();
    expect({ method: request.method, path: request.path, query: request.query, rawBody: request.rawBody, status: request.status }).toEqual({
      method: 'GET',
      path: `${projectPrefix(client)}/session/${sessionId}/connection`,
      query: {},
      rawBody: '',
      status: 200,
    });
    expectAuthHeaders(request, mode, false);

    await h.emu.control.disconnect(sessionId, participants[0]!.connectionId);
    const after = await listConnections(client, sessionId);
    expect(after.items.map((c) => c.connectionId)).toEqual([participants[1]!.connectionId]);
    expect(after.totalCount).toBe(1);
  });

  it('gives an empty page for a session nobody joined', async () => {
    const { sessionId } = await createSession(client);
    expect(await listConnections(client, sessionId)).toEqual({ items: [], totalCount: 0, sessionId, ...ownerOf(client) });
  });

  it('reads the shape the spec gives, oldest first: every state, a missing or unknown one, and the session and project', async () => {
    const { sessionId } = await createSession(client);
    const items = [
      { connectionId: 'c-1', connectionState: 'Connecting', createdAt: 1_700_000_000_000 },
      { connectionId: 'c-2', connectionState: 'Connected', createdAt: 1_700_000_000_001 },
      { connectionId: 'c-3', connectionState: 'Disconnected', createdAt: 1_700_000_000_002 },
      { connectionId: 'c-4', connectionState: 'Reconnecting' },
      { connectionId: 'c-5' },
    ];
    await h.emu.control.injectFault({
      method: 'GET',
      path: '**/connection',
      action: { type: 'status', status: 200, body: { count: 5, applicationId: 'app-1', projectId: '1234', sessionId: 'from-api', items } },
    });
    expect(await listConnections(client, sessionId)).toEqual({
      items: [
        { connectionId: 'c-1', connectionState: 'Connecting', createdAt: new Date(1_700_000_000_000) },
        { connectionId: 'c-2', connectionState: 'Connected', createdAt: new Date(1_700_000_000_001) },
        { connectionId: 'c-3', connectionState: 'Disconnected', createdAt: new Date(1_700_000_000_002) },
        { connectionId: 'c-4', connectionState: undefined, createdAt: undefined },
        { connectionId: 'c-5', connectionState: undefined, createdAt: undefined },
      ],
      totalCount: 5,
      sessionId: 'from-api',
      applicationId: 'app-1',
      projectId: '1234',
    });
    // Without the session and project fields: the session asked for, and no project field.
    await h.emu.control.injectFault({ method: 'GET', path: '**/connection', action: { type: 'status', status: 200, body: { count: 0, items: [] } } });
    expect(await listConnections(client, sessionId)).toEqual({ items: [], totalCount: 0, sessionId });
  });

  it('lists SIP calls and Audio Connectors with the clients, oldest first', async () => {
    const { sessionId, participants } = await sessionWithClients(client, h.emu, { clients: 1 });
    const token = await generateToken(client, sessionId);
    const { connectionId: sip } = await dial(client, sessionId, { token, uri: 'sip:a@example.com' });
    const { connectionId: ws } = await websocketConnect(client, sessionId, { token, uri: 'wss://audio.example.com/socket' });
    const { connectionId: late } = await h.emu.control.join(sessionId, token);
    const page = await listConnections(client, sessionId);
    expect(page.items.map((c) => c.connectionId)).toEqual([participants[0]!.connectionId, sip, ws, late]);
    expect(page.totalCount).toBe(4);
  });

  it('maps errors: unknown session → 404, malformed session → 400, wrong credentials → 403, 500', async () => {
    await expectApiError(() => listConnections(client, unknownSessionId(client)), NotFoundError, {
      status: 404,
      code: 'not_found',
      message: 'Session not found',
    });
    await expectApiError(() => listConnections(client, 'not-a-session'), InvalidRequestError, {
      status: 400,
      code: 'bad_request',
      message: 'Invalid session ID: "not-a-session"',
    });
    const { sessionId } = await createSession(client);
    await expectApiError(() => listConnections(wrongKeyClient(h, mode), sessionId), AuthenticationError, {
      status: 403,
      code: 'authentication_failed',
      message: 'Invalid token signature',
    });
    await failNext(h, 'GET', '**/connection', 500, 'Internal error');
    await expectApiError(() => listConnections(client, sessionId), ServerError, { status: 500, code: 'server_error', message: 'Internal error' });
  });

  it.each(BAD_IDS)('rejects a session ID that is %s', async (_, bad) => {
    await expectRejectedLocally(h, () => listConnections(client, bad as string), 'sessionId');
  });

  it('rejects unknown options', async () => {
    const { sessionId } = await createSession(client);
    await expectRejectedLocally(h, () => listConnections(client, sessionId, { offset: 0 } as never), 'offset');
  });
});
