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
} from '@video/core';
import * as captions from '@video/captions';
import { startCaptions, stopCaptions, type StartCaptionsOptions } from '@video/captions';
import { createSession, generateToken } from '@video/sessions';
import { expectAuthHeaders, MODES, projectPrefix, sessionWithClients, startHarness, type Harness } from '../../../test/support/harness.js';
import { expectRejectedLocally, rejection, wrongKeyClient } from '../../../test/support/assertions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const CALLBACK = 'https://example.com/captions/status';

describe.each(MODES)('live captions with %s credentials', (mode) => {
  /** A routed session with one publishing client, and a moderator token. */
  async function routed() {
    const client = h.client(mode);
    const { sessionId } = await sessionWithClients(client, h.emu);
    const token = await generateToken(client, sessionId, { role: 'moderator', data: 'captions' });
    return { client, sessionId, token };
  }

  const stored = async (captionsId: string) => (await h.emu.control.state()).captions.find((c) => c.captionId === captionsId);

  it('starts with the minimal body', async () => {
    const { client, sessionId, token } = await routed();
    await h.mark();
    const result = await startCaptions(client, sessionId, { token });

    const req = await h.lastRequest();
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`${projectPrefix(client)}/captions`);
    expect(req.query).toEqual({});
    expectAuthHeaders(req, mode, true);
    expect(req.rawBody).toBe(JSON.stringify({ sessionId, token }));
    expect(req.status).toBe(202);

    const all = (await h.emu.control.state()).captions.filter((c) => c.sessionId === sessionId);
    expect(all).toHaveLength(1);
    expect(result).toEqual({ captionsId: all[0]!.captionId });
    expect(all[0]).toMatchObject({
      status: 'started',
      languageCode: 'en-US',
      maxDuration: 14_400,
      partialCaptions: true,
      statusCallbackUrl: null,
    });
  });

  it('sends every option', async () => {
    const { client, sessionId, token } = await routed();
    await h.mark();
    const { captionsId } = await startCaptions(client, sessionId, {
      token,
      languageCode: 'fr-FR',
      maxDuration: 300,
      partialCaptions: false,
      statusCallbackUrl: CALLBACK,
    });
    const body = { sessionId, token, languageCode: 'fr-FR', maxDuration: 300, partialCaptions: false, statusCallbackUrl: CALLBACK };
    const req = await h.lastRequest();
    expectAuthHeaders(req, mode, true);
    expect(req.body).toEqual(body);
    expect(req.rawBody).toBe(JSON.stringify(body));
    expect(await stored(captionsId)).toMatchObject({
      status: 'started',
      languageCode: 'fr-FR',
      maxDuration: 300,
      partialCaptions: false,
      statusCallbackUrl: CALLBACK,
    });
  });

  it('accepts the limits of maxDuration and statusCallbackUrl', async () => {
    for (const [maxDuration, statusCallbackUrl] of [
      [14_400, 'https://a.co/xy'],
      [300, `https://example.com/${'a'.repeat(2048 - 'https://example.com/'.length)}`],
    ] as const) {
      expect([15, 2048]).toContain(statusCallbackUrl.length);
      const { client, sessionId, token } = await routed();
      await h.mark();
      const { captionsId } = await startCaptions(client, sessionId, { token, maxDuration, statusCallbackUrl });
      expect((await h.lastRequest()).body).toEqual({ sessionId, token, maxDuration, statusCallbackUrl });
      expect(await stored(captionsId)).toMatchObject({ maxDuration, statusCallbackUrl });
    }
  });

  it('runs start → stop, and can start again', async () => {
    const { client, sessionId, token } = await routed();
    const { captionsId } = await startCaptions(client, sessionId, { token, languageCode: 'de-DE' });
    expect(await stored(captionsId)).toMatchObject({ sessionId, status: 'started', languageCode: 'de-DE' });

    await h.mark();
    await expect(stopCaptions(client, captionsId)).resolves.toBeUndefined();
    const stop = await h.lastRequest();
    expect(stop.method).toBe('POST');
    expect(stop.path).toBe(`${projectPrefix(client)}/captions/${captionsId}/stop`);
    expect(stop.query).toEqual({});
    expectAuthHeaders(stop, mode, false);
    expect(stop.rawBody).toBe('');
    expect(stop.status).toBe(202);
    expect(await stored(captionsId)).toMatchObject({ status: 'stopped', reason: 'Stop Requested' });

    const { captionsId: again } = await startCaptions(client, sessionId, { token });
    expect(again).not.toBe(captionsId);
    expect((await stored(again))!.status).toBe('started');
  });

  it('offers no status call: the API has no GET …/captions/{id} (it answers 404 like any unknown path)', async () => {
    expect(Object.keys(captions).sort()).toEqual(['startCaptions', 'stopCaptions']);
    const { client, sessionId, token } = await routed();
    const { captionsId } = await startCaptions(client, sessionId, { token });
    const path = `${projectPrefix(client)}/captions/${captionsId}`;
    await h.mark();
    const error = await rejection(client.request({ operation: 'probe', method: 'GET', path, retry: false }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, message: `Not found: GET ${path}` });
    expect((await h.lastRequest()).status).toBe(404);
  });

  it('maps captions already running to a ConflictError with the API message', async () => {
    const { client, sessionId, token } = await routed();
    await startCaptions(client, sessionId, { token });
    const error = await rejection(startCaptions(client, sessionId, { token }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({
      status: 409,
      code: 'conflict',
      message: 'Audio captioning is already enabled',
      body: { code: 60003, message: 'Audio captioning is already enabled' },
    });
    expect((await h.emu.control.state()).captions.filter((c) => c.sessionId === sessionId)).toHaveLength(1);
  });

  it('maps a non-moderator token to an InvalidRequestError', async () => {
    const { client, sessionId } = await routed();
    const publisher = await generateToken(client, sessionId, { role: 'publisher' });
    const error = await rejection(startCaptions(client, sessionId, { token: publisher }));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ status: 400, code: 'bad_request' });
    expect(error.message).toMatch(/moderator/);
    expect((await h.emu.control.state()).captions.filter((c) => c.sessionId === sessionId)).toEqual([]);

    const garbage = await rejection(startCaptions(client, sessionId, { token: 'not-a-token' }));
    expect(garbage).toBeInstanceOf(InvalidRequestError);
    expect(garbage.message).toMatch(/token/i);
  });

  it('maps a relayed session to a ConflictError and an unknown session to a NotFoundError', async () => {
    const client = h.client(mode);
    const { sessionId } = await createSession(client, { mediaMode: 'relayed' });
    const token = await generateToken(client, sessionId, { role: 'moderator' });
    const relayed = await rejection(startCaptions(client, sessionId, { token }));
    expect(relayed).toBeInstanceOf(ConflictError);
    expect(relayed.message).toMatch(/routed/);

    const otherMode = mode === 'vonage' ? 'opentok' : 'vonage';
    const { sessionId: foreign } = await createSession(h.client(otherMode), { mediaMode: 'routed' });
    const missing = await rejection(startCaptions(client, foreign, { token }));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ status: 404, message: 'Session not found' });
  });

  it('maps an unknown captions ID to NotFoundError', async () => {
    const client = h.client(mode);
    await h.mark();
    const error = await rejection(stopCaptions(client, 'no-such-captions'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'not_found', message: 'Captions not found' });
    expect((await h.lastRequest()).path).toBe(`${projectPrefix(client)}/captions/no-such-captions/stop`);
  });

  it('maps rejected credentials to AuthenticationError', async () => {
    const { sessionId, token } = await routed();
    const wrong = wrongKeyClient(h, mode);
    for (const call of [() => startCaptions(wrong, sessionId, { token }), () => stopCaptions(wrong, 'x')]) {
      const error = await rejection(call());
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ status: 403, code: 'authentication_failed' });
    }
  });

  it('maps injected 429 and 500 answers, and never repeats a start', async () => {
    const { sessionId, token } = await routed();
    const retrying = h.client(mode, { retry: { maxAttempts: 3, baseDelay: 1 } });
    await h.emu.control.injectFault({
      method: 'POST',
      path: '**/captions',
      action: { type: 'status', status: 500, body: { code: 500, message: 'Transcription unavailable' } },
    });
    await h.mark();
    const server = await rejection(startCaptions(retrying, sessionId, { token }));
    expect(server).toBeInstanceOf(ServerError);
    expect(server).toMatchObject({ status: 500, code: 'server_error', message: 'Transcription unavailable' });
    expect(await h.requests()).toHaveLength(1);

    await h.emu.control.injectFault({ method: 'POST', path: '**/captions', afterHandling: true, action: { type: 'drop' } });
    await h.mark();
    expect(await rejection(startCaptions(retrying, sessionId, { token }))).toBeInstanceOf(NetworkError);
    expect(await h.requests()).toHaveLength(1);
    expect((await h.emu.control.state()).captions.filter((c) => c.sessionId === sessionId)).toHaveLength(1);

    await h.emu.control.injectFault({
      method: 'POST',
      path: '**/captions/*/stop',
      action: { type: 'status', status: 429, headers: { 'Retry-After': '3' }, body: { code: 429, message: 'Slow down' } },
    });
    const limited = await rejection(stopCaptions(h.client(mode, { retry: false }), 'any'));
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toMatchObject({ status: 429, message: 'Slow down', retryAfter: 3 });
  });

  it('accepts 200 from start and stop', async () => {
    const { client, sessionId, token } = await routed();
    await h.emu.control.injectFault({ method: 'POST', path: '**/captions', action: { type: 'status', status: 200, body: { captionsId: 'c-200' } } });
    expect(await startCaptions(client, sessionId, { token })).toEqual({ captionsId: 'c-200' });
    await h.emu.control.injectFault({ method: 'POST', path: '**/stop', action: { type: 'status', status: 200, body: {} } });
    await expect(stopCaptions(client, 'c-200')).resolves.toBeUndefined();
  });

  it('rejects a start answer without a captionsId with an InvalidResponseError', async () => {
    const { client, sessionId, token } = await routed();
    await h.emu.control.injectFault({ method: 'POST', path: '**/captions', action: { type: 'status', status: 202, body: {} } });
    const error = await rejection(startCaptions(client, sessionId, { token }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ status: 202, message: 'startCaptions: the response has no captionsId' });
  });

  it('validates every input locally and sends nothing', async () => {
    const client = h.client(mode);
    const ok: StartCaptionsOptions = { token: 'a-token' };
    const cases: [string, unknown, unknown][] = [
      ['sessionId', '', ok],
      ['sessionId', 'a/b', ok],
      ['sessionId', '..', ok],
      ['sessionId', '?x', ok],
      ['sessionId', undefined, ok],
      ['options', 'S', undefined],
      ['options', 'S', 'a-token'],
      ['language', 'S', { ...ok, language: 'en-US' }],
      ['token', 'S', {}],
      ['token', 'S', { token: '' }],
      ['languageCode', 'S', { ...ok, languageCode: 'en' }],
      ['languageCode', 'S', { ...ok, languageCode: 'en_US' }],
      ['languageCode', 'S', { ...ok, languageCode: 'EN-us' }],
      ['languageCode', 'S', { ...ok, languageCode: 'english' }],
      ['languageCode', 'S', { ...ok, languageCode: '' }],
      ['maxDuration', 'S', { ...ok, maxDuration: 299 }],
      ['maxDuration', 'S', { ...ok, maxDuration: 14_401 }],
      ['maxDuration', 'S', { ...ok, maxDuration: 600.5 }],
      ['maxDuration', 'S', { ...ok, maxDuration: '600' }],
      ['partialCaptions', 'S', { ...ok, partialCaptions: 'true' }],
      ['statusCallbackUrl', 'S', { ...ok, statusCallbackUrl: 'https://a.co/x' }],
      ['statusCallbackUrl', 'S', { ...ok, statusCallbackUrl: `https://example.com/${'a'.repeat(2030)}` }],
      ['statusCallbackUrl', 'S', { ...ok, statusCallbackUrl: 42 }],
      ['timeout', 'S', { ...ok, timeout: 'soon' }],
    ];
    for (const [field, sessionId, options] of cases) {
      await expectRejectedLocally(h, () => startCaptions(client, sessionId as string, options as StartCaptionsOptions), field);
    }
    for (const id of ['', 'a/b', '..', '?x', null]) {
      await expectRejectedLocally(h, () => stopCaptions(client, id as string), 'captionsId');
    }
    await expectRejectedLocally(h, () => stopCaptions(client, 'abc', { force: true } as never), 'force');
    await expectRejectedLocally(h, () => stopCaptions(client, 'abc', 'x' as never), 'options');
  });
});
