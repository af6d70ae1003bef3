import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, InvalidRequestError, NotFoundError, type VideoClient } from '@video/core';
import { forceDisconnect } from '@video/moderation';
import { listConnections } from '@video/sessions';
import { expectAuthHeaders, MODES, projectPrefix, sessionWithClients, startHarness, type Harness, type Mode } from '../../../test/support/harness.js';
import { BAD_IDS, expectApiError, expectRejectedLocally, failNext, unknownSessionId, wrongKeyClient } from '../../../test/support/assertions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe.each(MODES)('forceDisconnect (%s credentials)', (mode: Mode) => {
  let client: VideoClient;
  beforeAll(() => {
    client = h.client(mode);
  });

  const sessionState = async (sessionId: string) => (await h.emu.control.state()).sessions.find((s) => s.sessionId === sessionId)!;

  it('removes the connection and its streams with a DELETE, leaving the others', async () => {
    const { sessionId, participants } = await sessionWithClients(client, h.emu, { clients: 2 });
    const [victim, other] = participants as [(typeof participants)[0], (typeof participants)[0]];
    await h.emu.control.publish(sessionId, victim.connectionId, { videoType: 'screen' });
    expect((await sessionState(sessionId)).streams).toHaveLength(3);

    await h.mark();
    expect(await forceDisconnect(client, sessionId, victim.connectionId)).toBeUndefined();
    const request = await h.lastRequest();
    expect({ method: request.method, path: request.path, query: request.query, rawBody: request.rawBody, status: request.status }).toEqual({
      method: 'DELETE',
      path: `${projectPrefix(client)}/session/${sessionId}/connection/${victim.connectionId}`,
      query: {},
      rawBody: '',
      status: 204,
    });
    expectAuthHeaders(request, mode, false);

    const after = await sessionState(sessionId);
    expect(after.connections.map((c) => c.connectionId)).toEqual([other.connectionId]);
    expect(after.streams.map((s) => s.streamId)).toEqual([other.streamId]);
    expect((await listConnections(client, sessionId)).items.map((c) => c.connectionId)).toEqual([other.connectionId]);
  });

  it('accepts any 2xx', async () => {
    const { sessionId, participants } = await sessionWithClients(client, h.emu, { publish: false });
    await h.emu.control.injectFault({ method: 'DELETE', path: '**/connection/*', action: { type: 'status', status: 200, body: { ok: true } } });
    expect(await forceDisconnect(client, sessionId, participants[0]!.connectionId)).toBeUndefined();
  });

  describe('errors', () => {
    it('maps an unknown or already disconnected connection to NotFoundError', async () => {
      const { sessionId, participants } = await sessionWithClients(client, h.emu, { publish: false });
      const { connectionId } = participants[0]!;
      await forceDisconnect(client, sessionId, connectionId);
      const notConnected = {
        status: 404,
        code: 'not_found',
        message: 'Connection not found: the client is not connected to the session',
      };
      await expectApiError(() => forceDisconnect(client, sessionId, connectionId), NotFoundError, notConnected);
      await expectApiError(() => forceDisconnect(client, sessionId, 'no-such-connection'), NotFoundError, notConnected);
    });

    it('maps an unknown session to NotFoundError and a malformed one to InvalidRequestError', async () => {
      await expectApiError(() => forceDisconnect(client, unknownSessionId(client), 'c1'), NotFoundError, {
        status: 404,
        code: 'not_found',
        message: 'Session not found',
      });
      await expectApiError(() => forceDisconnect(client, 'not-a-session', 'c1'), InvalidRequestError, {
        status: 400,
        code: 'bad_request',
        message: 'Invalid session ID: "not-a-session"',
      });
      await failNext(h, 'DELETE', '**/connection/*', 400, 'Invalid connection ID');
      await expectApiError(() => forceDisconnect(client, unknownSessionId(client), 'c1'), InvalidRequestError, {
        status: 400,
        code: 'bad_request',
        message: 'Invalid connection ID',
      });
    });

    it('maps wrong credentials to AuthenticationError (403) and leaves the client connected', async () => {
      const { sessionId, participants } = await sessionWithClients(client, h.emu, { publish: false });
      await expectApiError(() => forceDisconnect(wrongKeyClient(h, mode), sessionId, participants[0]!.connectionId), AuthenticationError, {
        status: 403,
        code: 'authentication_failed',
        message: 'Invalid token signature',
      });
      expect((await sessionState(sessionId)).connections).toHaveLength(1);
    });
  });

  describe('rejects invalid input locally, naming the field', () => {
    it.each(BAD_IDS)('a session ID that is %s', async (_, bad) => {
      await expectRejectedLocally(h, () => forceDisconnect(client, bad as string, 'c1'), 'sessionId');
    });
    it.each(BAD_IDS)('a connection ID that is %s', async (_, bad) => {
      await expectRejectedLocally(h, () => forceDisconnect(client, unknownSessionId(client), bad as string), 'connectionId');
    });
    it('unknown options', async () => {
      await expectRejectedLocally(h, () => forceDisconnect(client, unknownSessionId(client), 'c1', { reason: 'spam' } as never), 'reason');
      await expectRejectedLocally(h, () => forceDisconnect(client, unknownSessionId(client), 'c1', null as never), 'options');
    });
  });
});
