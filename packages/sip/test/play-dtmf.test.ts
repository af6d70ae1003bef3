import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, InvalidRequestError, NotFoundError, ServerError } from '@video/core';
import { createSession, generateToken } from '@video/sessions';
import { dial, playDTMF, type PlayDtmfOptions } from '@video/sip';
import { expectAuthHeaders, MODES, projectPrefix, sessionWithClients, startHarness, type Harness } from '../../../test/support/harness.js';
import { expectRejectedLocally, rejection, wrongKeyClient } from '../../../test/support/assertions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe.each(MODES)('playDTMF with %s credentials', (mode) => {
  /** A routed session with one client and one SIP call. */
  async function withCall() {
    const client = h.client(mode);
    const { sessionId, participants } = await sessionWithClients(client, h.emu);
    const token = await generateToken(client, sessionId, { data: 'sip' });
    const call = await dial(client, sessionId, { token, uri: 'sip:ivr@example.com' });
    return { client, sessionId, call, other: participants[0]! };
  }

  it('plays digits to the whole session', async () => {
    const { client, sessionId } = await withCall();
    await h.mark();
    const before = (await h.emu.control.dtmf()).length;
    await expect(playDTMF(client, sessionId, '0123456789*#p')).resolves.toBeUndefined();

    const req = await h.lastRequest();
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`${projectPrefix(client)}/session/${sessionId}/play-dtmf`);
    expect(req.query).toEqual({});
    expectAuthHeaders(req, mode, true);
    expect(req.body).toEqual({ digits: '0123456789*#p' });
    expect(req.rawBody).toBe('{"digits":"0123456789*#p"}');

    const log = (await h.emu.control.dtmf()).slice(before);
    expect(log.map(({ sessionId: s, connectionId, digits }) => ({ s, connectionId, digits }))).toEqual([
      { s: sessionId, connectionId: null, digits: '0123456789*#p' },
    ]);
  });

  it('plays digits to one connection', async () => {
    const { client, sessionId, call } = await withCall();
    await h.mark();
    const before = (await h.emu.control.dtmf()).length;
    await playDTMF(client, sessionId, '1p2', { connectionId: call.connectionId });

    const req = await h.lastRequest();
    expect(req.path).toBe(`${projectPrefix(client)}/session/${sessionId}/connection/${call.connectionId}/play-dtmf`);
    expectAuthHeaders(req, mode, true);
    expect(req.body).toEqual({ digits: '1p2' });
    const log = (await h.emu.control.dtmf()).slice(before);
    expect(log.map(({ sessionId: s, connectionId, digits }) => ({ s, connectionId, digits }))).toEqual([
      { s: sessionId, connectionId: call.connectionId, digits: '1p2' },
    ]);
  });

  it('validates digits, IDs and options locally and sends nothing', async () => {
    const client = h.client(mode);
    const cases: [string, unknown, unknown, unknown][] = [
      ['digits', 'S', '', undefined],
      ['digits', 'S', '12a', undefined],
      ['digits', 'S', '1 2', undefined],
      ['digits', 'S', 'P', undefined],
      ['digits', 'S', '1-2', undefined],
      ['digits', 'S', 12, undefined],
      ['digits', 'S', undefined, undefined],
      ['sessionId', '', '1', undefined],
      ['sessionId', 'a/b', '1', undefined],
      ['sessionId', '..', '1', undefined],
      ['sessionId', '?x', '1', undefined],
      ['sessionId', undefined, '1', undefined],
      ['connectionId', 'S', '1', { connectionId: '' }],
      ['connectionId', 'S', '1', { connectionId: 'a/b' }],
      ['connectionId', 'S', '1', { connectionId: '..' }],
      ['connectionId', 'S', '1', { connectionId: '?x' }],
      ['connectionId', 'S', '1', { connectionId: 5 }],
      ['connection', 'S', '1', { connection: 'c' }],
      ['options', 'S', '1', 'c'],
      ['timeout', 'S', '1', { timeout: 0 }],
    ];
    for (const [field, sessionId, digits, options] of cases) {
      await expectRejectedLocally(h, () =>
        playDTMF(client, sessionId as string, digits as string, options as PlayDtmfOptions | undefined), field);
    }
  });

  it('maps an unknown session and a connection that is not connected to NotFoundError', async () => {
    const { client, sessionId } = await withCall();
    const otherMode = mode === 'vonage' ? 'opentok' : 'vonage';
    const { sessionId: foreign } = await createSession(h.client(otherMode), { mediaMode: 'routed' });
    const noSession = await rejection(playDTMF(client, foreign, '1'));
    expect(noSession).toBeInstanceOf(NotFoundError);
    expect(noSession).toMatchObject({ status: 404, code: 'not_found', message: 'Session not found' });

    await h.mark();
    const noConnection = await rejection(playDTMF(client, sessionId, '1', { connectionId: 'gone' }));
    expect(noConnection).toBeInstanceOf(NotFoundError);
    expect(noConnection).toMatchObject({ status: 404, code: 'not_found' });
    expect(noConnection.message).toMatch(/connect/i);
    expect((await h.lastRequest()).path).toBe(`${projectPrefix(client)}/session/${sessionId}/connection/gone/play-dtmf`);
  });

  it('maps an invalid session ID to InvalidRequestError and bad credentials to AuthenticationError', async () => {
    const client = h.client(mode);
    const invalid = await rejection(playDTMF(client, 'not-a-session', '1'));
    expect(invalid).toBeInstanceOf(InvalidRequestError);
    expect(invalid).toMatchObject({ status: 400, code: 'bad_request' });

    const { sessionId } = await withCall();
    const denied = await rejection(playDTMF(wrongKeyClient(h, mode), sessionId, '1'));
    expect(denied).toBeInstanceOf(AuthenticationError);
    expect(denied).toMatchObject({ status: 403, code: 'authentication_failed' });
  });

  it('accepts 204 and is not retried after a 500 (tones must not be doubled)', async () => {
    const { sessionId } = await withCall();
    const retrying = h.client(mode, { retry: { maxAttempts: 3, baseDelay: 1 } });
    await h.emu.control.injectFault({ method: 'POST', path: '**/play-dtmf', action: { type: 'status', status: 204 } });
    await expect(playDTMF(retrying, sessionId, '5')).resolves.toBeUndefined();

    await h.emu.control.injectFault({
      method: 'POST',
      path: '**/play-dtmf',
      action: { type: 'status', status: 500, body: { code: 500, message: 'DTMF failed' } },
    });
    await h.mark();
    const error = await rejection(playDTMF(retrying, sessionId, '5'));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 500, message: 'DTMF failed' });
    expect(await h.requests()).toHaveLength(1);
  });
});
