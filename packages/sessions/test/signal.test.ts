import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, InvalidRequestError, NotFoundError, ServerError, type VideoClient } from '@video/core';
import { signal, type SignalOptions } from '@video/sessions';
import {
  expectAuthHeaders,
  MODES,
  projectPrefix,
  sessionWithClients,
  startHarness,
  type Harness,
  type Mode,
  type Participant,
} from '../../../test/support/harness.js';
import { BAD_IDS, expectApiError, expectRejectedLocally, failNext, unknownSessionId, wrongKeyClient } from '../../../test/support/assertions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe.each(MODES)('signal (%s credentials)', (mode: Mode) => {
  let client: VideoClient;
  let sessionId: string;
  let participants: Participant[];
  beforeAll(async () => {
    client = h.client(mode);
    ({ sessionId, participants } = await sessionWithClients(client, h.emu, { clients: 2, publish: false }));
  });

  const lastSignal = async () => (await h.emu.control.signals()).at(-1);

  async function sent(options: SignalOptions, path: string, rawBody: string) {
    await h.mark();
    expect(await signal(client, sessionId, options)).toBeUndefined();
    const request = await h.lastRequest();
    expect({ method: request.method, path: request.path, query: request.query, rawBody: request.rawBody, status: request.status }).toEqual({
      method: 'POST',
      path: `${projectPrefix(client)}/session/${sessionId}${path}`,
      query: {},
      rawBody,
      status: 204,
    });
    expectAuthHeaders(request, mode, true);
  }

  it('signals every client of the session', async () => {
    await sent({ type: 'chat', data: 'hello' }, '/signal', '{"type":"chat","data":"hello"}');
    expect(await lastSignal()).toMatchObject({
      sessionId,
      connectionId: null,
      type: 'chat',
      data: 'hello',
      recipients: participants.map((p) => p.connectionId),
    });
  });

  it('signals one connection', async () => {
    const target = participants[1]!.connectionId;
    await sent({ type: 'cmd', data: '{"x":1}', connectionId: target }, `/connection/${target}/signal`, '{"type":"cmd","data":"{\\"x\\":1}"}');
    expect(await lastSignal()).toMatchObject({ sessionId, connectionId: target, type: 'cmd', data: '{"x":1}', recipients: [target] });
  });

  it("sends type '' when no type is given, and accepts empty data", async () => {
    await sent({ data: 'plain' }, '/signal', '{"type":"","data":"plain"}');
    expect(await lastSignal()).toMatchObject({ type: '', data: 'plain' });
    await sent({ type: 'ping', data: '' }, '/signal', '{"type":"ping","data":""}');
    expect(await lastSignal()).toMatchObject({ type: 'ping', data: '' });
  });

  it('accepts a type of exactly 128 bytes and data of exactly 8192 bytes (multi-byte characters)', async () => {
    const type = 'é'.repeat(64); // 128 bytes
    const data = '€'.repeat(2730) + 'ab'; // 8190 + 2 bytes
    await sent({ type, data }, '/signal', JSON.stringify({ type, data }));
    expect(await lastSignal()).toMatchObject({ type, data });
  });

  it('accepts any 2xx', async () => {
    await h.emu.control.injectFault({ method: 'POST', path: '**/signal', action: { type: 'status', status: 200, body: { ok: true } } });
    expect(await signal(client, sessionId, { type: 't', data: 'd' })).toBeUndefined();
  });

  describe('errors', () => {
    it('maps a signal to a disconnected connection to NotFoundError', async () => {
      const other = await sessionWithClients(client, h.emu, { publish: false });
      const gone = other.participants[0]!.connectionId;
      await h.emu.control.disconnect(other.sessionId, gone);
      await expectApiError(() => signal(client, other.sessionId, { data: 'x', connectionId: gone }), NotFoundError, {
        status: 404,
        code: 'not_found',
        message: 'Connection not found: the client is not connected to the session',
      });
      await expectApiError(() => signal(client, sessionId, { data: 'x', connectionId: 'never-connected' }), NotFoundError, {
        status: 404,
        code: 'not_found',
        message: 'Connection not found: the client is not connected to the session',
      });
    });

    it('maps an unknown session to NotFoundError and a malformed one to InvalidRequestError', async () => {
      await expectApiError(() => signal(client, unknownSessionId(client), { data: 'x' }), NotFoundError, {
        status: 404,
        code: 'not_found',
        message: 'Session not found',
      });
      await expectApiError(() => signal(client, 'not-a-session', { data: 'x' }), InvalidRequestError, {
        status: 400,
        code: 'bad_request',
        message: 'Invalid session ID: "not-a-session"',
      });
    });

    it('maps wrong credentials to AuthenticationError (403)', async () => {
      await expectApiError(() => signal(wrongKeyClient(h, mode), sessionId, { data: 'x' }), AuthenticationError, {
        status: 403,
        code: 'authentication_failed',
        message: 'Invalid token signature',
      });
    });

    it('maps 400 and 413 to InvalidRequestError', async () => {
      await failNext(h, 'POST', '**/signal', 400, 'One of the signal properties is invalid');
      await expectApiError(() => signal(client, sessionId, { data: 'x' }), InvalidRequestError, {
        status: 400,
        code: 'bad_request',
        message: 'One of the signal properties is invalid',
      });
      await failNext(h, 'POST', '**/signal', 413, 'The type string exceeds the maximum length (128 bytes)');
      await expectApiError(() => signal(client, sessionId, { data: 'x' }), InvalidRequestError, {
        status: 413,
        code: 'payload_too_large',
        message: 'The type string exceeds the maximum length (128 bytes)',
      });
    });

    it('does not repeat a signal after a 500 (clients would get it twice)', async () => {
      const retrying = h.client(mode, { retry: { maxAttempts: 3, baseDelay: 1, maxDelay: 1 } });
      await failNext(h, 'POST', '**/signal', 500, 'Internal error');
      await h.mark();
      await expectApiError(() => signal(retrying, sessionId, { data: 'x' }), ServerError, {
        status: 500,
        code: 'server_error',
        message: 'Internal error',
      });
      expect((await h.requests()).length).toBe(1);
    });
  });

  describe('rejects invalid input locally, naming the field', () => {
    const cases: [string, unknown, string][] = [
      ['no options', undefined, 'options'],
      ['options that are a string', 'hello', 'options'],
      ['missing data', { type: 'chat' }, 'data'],
      ['null data', { data: null }, 'data'],
      ['non-string data', { data: { text: 'hi' } }, 'data'],
      ['non-string type', { type: 5, data: 'x' }, 'type'],
      ['a type over 128 bytes but under 128 characters', { type: 'é'.repeat(65), data: 'x' }, 'type'],
      ['a type of 129 ASCII characters', { type: 't'.repeat(129), data: 'x' }, 'type'],
      ['data over 8192 bytes but under 8192 characters', { data: '€'.repeat(2731) }, 'data'],
      ['data of 8193 ASCII characters', { data: 'd'.repeat(8193) }, 'data'],
      ['an unknown option', { data: 'x', to: 'all' }, 'to'],
      ['a misspelled connectionId', { data: 'x', connection: 'abc' }, 'connection'],
      ['an empty connectionId', { data: 'x', connectionId: '' }, 'connectionId'],
      ['a connectionId with a slash', { data: 'x', connectionId: '../signal' }, 'connectionId'],
      ['a connectionId with a question mark', { data: 'x', connectionId: 'a?b' }, 'connectionId'],
    ];
    it.each(cases)('%s', async (_, options, field) => {
      await expectRejectedLocally(h, () => signal(client, sessionId, options as SignalOptions), field);
    });
    it.each(BAD_IDS)('a session ID that is %s', async (_, bad) => {
      await expectRejectedLocally(h, () => signal(client, bad as string, { data: 'x' }), 'sessionId');
    });
    it.each(BAD_IDS)('a connection ID that is %s', async (_, bad) => {
      await expectRejectedLocally(h, () => signal(client, sessionId, { data: 'x', connectionId: bad as string }), 'connectionId');
    });
  });
});
