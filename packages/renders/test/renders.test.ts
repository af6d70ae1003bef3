// @video/renders against the emulator over real sockets, in both credential modes. What renders
// share with archives and broadcasts (lifecycle requests, lists, IDs, error statuses, retries) is
// registered by the contract kit at the end.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuthenticationError, InvalidRequestError, InvalidResponseError, RateLimitError, type VideoClient } from '@video/core';
import {
  getRender,
  iterateRenders,
  listRenders,
  startRender,
  stopRender,
  toRender,
  type Render,
  type StartRenderOptions,
} from '@video/renders';
import { generateToken } from '@video/sessions';
import { expectAuthHeaders, MODES, sessionWithClients, startHarness, type Harness } from '../../../test/support/harness.js';
import { expectRejectedLocally, ownerOf, rejection } from '../../../test/support/assertions.js';
import { describeResourceContract } from '../../../test/support/resource-contract.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ renderStartMs: 30 });
});
afterAll(() => h.stop());

const PAGE = 'https://example.com/composer/page';

/** Polls `getRender` until `done` holds (bounded: at most 200 polls, 10 ms apart). */
async function waitForRender(client: VideoClient, id: string, done: (r: Render) => boolean): Promise<Render> {
  let render = await getRender(client, id);
  for (let i = 0; i < 200 && !done(render); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    render = await getRender(client, id);
  }
  return render;
}

describe.each(MODES)('Experience Composer with %s credentials', (mode) => {
  async function routed() {
    const client = h.client(mode);
    const { sessionId } = await sessionWithClients(client, h.emu);
    const token = await generateToken(client, sessionId, { role: 'publisher', data: 'composer' });
    return { client, sessionId, token };
  }

  it('answers a starting render that joins the session as a render connection', async () => {
    const { client, sessionId, token } = await routed();
    const render = await startRender(client, sessionId, { token, url: PAGE });
    expect(render).toEqual({
      id: expect.any(String),
      sessionId,
      ...ownerOf(client),
      status: 'starting',
      url: PAGE,
      resolution: '1280x720',
      streamId: undefined,
      reason: undefined,
      name: undefined,
      callbackUrl: undefined,
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    });
    const stored = (await h.emu.control.state()).renders.find((r) => r.id === render.id)!;
    expect(render.createdAt.getTime()).toBe(stored.createdAt);
    expect(stored).toMatchObject({ sessionId, url: PAGE, maxDuration: 7200 });
    const session = (await h.emu.control.state()).sessions.find((s) => s.sessionId === sessionId)!;
    expect(session.connections.find((c) => c.connectionId === stored.connectionId)).toMatchObject({ kind: 'render', data: 'composer' });
  });

  it('sends every option, properties included', async () => {
    const { client, sessionId, token } = await routed();
    await h.mark();
    const render = await startRender(client, sessionId, {
      token,
      url: PAGE,
      maxDuration: 36_000,
      resolution: '720x1280',
      properties: { name: 'Composed page' },
      statusCallbackUrl: 'https://example.com/render/events',
    });
    const body = {
      sessionId,
      token,
      url: PAGE,
      maxDuration: 36_000,
      resolution: '720x1280',
      properties: { name: 'Composed page' },
      statusCallbackUrl: 'https://example.com/render/events',
    };
    const req = await h.lastRequest();
    expectAuthHeaders(req, mode, true);
    expect(req.body).toEqual(body);
    expect(req.rawBody).toBe(JSON.stringify(body));
    expect(render).toMatchObject({ resolution: '720x1280', name: 'Composed page', callbackUrl: 'https://example.com/render/events' });
    expect((await h.emu.control.state()).renders.find((r) => r.id === render.id)).toMatchObject({
      maxDuration: 36_000,
      resolution: '720x1280',
      name: 'Composed page',
    });
  });

  it('accepts every resolution and the limits of url, maxDuration and name', async () => {
    const { client, sessionId, token } = await routed();
    const resolutions = ['640x480', '480x640', '1280x720', '720x1280', '1920x1080', '1080x1920'] as const;
    for (const resolution of resolutions) {
      expect((await startRender(client, sessionId, { token, url: PAGE, resolution })).resolution).toBe(resolution);
    }
    const longUrl = `https://example.com/${'a'.repeat(2048 - 'https://example.com/'.length)}`;
    for (const [url, maxDuration, name] of [
      ['https://a.co/xy', 60, 'n'],
      [longUrl, 36_000, 'n'.repeat(200)],
    ] as const) {
      expect([15, 2048]).toContain(url.length);
      await h.mark();
      await startRender(client, sessionId, { token, url, maxDuration, properties: { name } });
      expect((await h.lastRequest()).body).toEqual({ sessionId, token, url, maxDuration, properties: { name } });
    }
  });

  it('goes starting → started (publishing a stream) → stopped', async () => {
    const { client, sessionId, token } = await routed();
    const render = await startRender(client, sessionId, { token, url: PAGE, properties: { name: 'Slides' } });
    const connectionId = (await h.emu.control.state()).renders.find((r) => r.id === render.id)!.connectionId as string;

    const started = await waitForRender(client, render.id, (r) => r.status === 'started');
    expect(started).toMatchObject({ id: render.id, sessionId, status: 'started', name: 'Slides', reason: undefined });
    expect(started.streamId).toEqual(expect.any(String));
    let session = (await h.emu.control.state()).sessions.find((s) => s.sessionId === sessionId)!;
    expect(session.connections.find((c) => c.connectionId === connectionId)).toMatchObject({ kind: 'render' });
    expect(session.streams.find((s) => s.streamId === started.streamId)).toMatchObject({ connectionId, name: 'Slides' });
    expect(session.streams).toHaveLength(2);

    await expect(stopRender(client, render.id)).resolves.toBeUndefined();

    const stopped = await getRender(client, render.id);
    expect(stopped).toMatchObject({ id: render.id, status: 'stopped', reason: 'Stop Requested' });
    session = (await h.emu.control.state()).sessions.find((s) => s.sessionId === sessionId)!;
    expect(session.connections.map((c) => c.connectionId)).not.toContain(connectionId);
    expect(session.streams.map((s) => s.streamId)).not.toContain(started.streamId);
    expect(session.streams).toHaveLength(1);
  });

  it('maps a subscriber token, a bad token and an invalid session to InvalidRequestError', async () => {
    const { client, sessionId } = await routed();
    const subscriber = await generateToken(client, sessionId, { role: 'subscriber' });
    const role = await rejection(startRender(client, sessionId, { token: subscriber, url: PAGE }));
    expect(role).toBeInstanceOf(InvalidRequestError);
    expect(role).toMatchObject({ status: 400, code: 'bad_request' });
    expect(role.message).toMatch(/role/);

    const garbage = await rejection(startRender(client, sessionId, { token: 'not-a-token', url: PAGE }));
    expect(garbage).toBeInstanceOf(InvalidRequestError);
    expect(garbage.message).toMatch(/token/i);

    const invalid = await rejection(startRender(client, 'not-a-session', { token: subscriber, url: PAGE }));
    expect(invalid).toBeInstanceOf(InvalidRequestError);
    expect(invalid).toMatchObject({ status: 400, code: 'bad_request' });
    expect((await h.emu.control.state()).renders.filter((r) => r.sessionId === sessionId)).toEqual([]);
  });

  it('maps an injected 429 to RateLimitError with its Retry-After', async () => {
    const client = h.client(mode);
    await h.emu.control.injectFault({
      method: 'GET',
      path: '**/render',
      action: { type: 'status', status: 429, headers: { 'Retry-After': '2' }, body: { code: 429, message: 'Slow down' } },
    });
    const limited = await rejection(listRenders(client));
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toMatchObject({ status: 429, message: 'Slow down', retryAfter: 2 });
  });

  it('maps a token of another session and an expired token to an AuthenticationError with its reason', async () => {
    const { client, sessionId } = await routed();
    const { sessionId: other } = await sessionWithClients(client, h.emu);
    const foreign = await generateToken(client, other, { role: 'publisher' });
    const mismatch = await rejection(startRender(client, sessionId, { token: foreign, url: PAGE }));
    expect(mismatch).toBeInstanceOf(AuthenticationError);
    expect({ status: mismatch.status, code: mismatch.code, apiCode: mismatch.apiCode, reason: (mismatch as AuthenticationError).reason }).toEqual({
      status: 403,
      code: 'authentication_failed',
      apiCode: 10007,
      reason: 'token_session_mismatch',
    });
    expect(mismatch.message).toBe(
      `Token does not match the session ID: token is for session ${other}, not ${sessionId} ` +
        '(the client token is for another session: generate one for this session)',
    );

    // A token that expired an hour ago: minted with the clock set back, so generateToken allows it.
    vi.useFakeTimers({ toFake: ['Date'] });
    let expired: string;
    try {
      vi.setSystemTime(Date.now() - 3_600_000);
      expired = await generateToken(client, sessionId, { role: 'publisher', expiresIn: 60 });
    } finally {
      vi.useRealTimers();
    }
    const late = await rejection(startRender(client, sessionId, { token: expired, url: PAGE }));
    expect(late).toBeInstanceOf(AuthenticationError);
    expect({ status: late.status, apiCode: late.apiCode, reason: (late as AuthenticationError).reason, retryable: late.retryable }).toEqual({
      status: 403,
      apiCode: 10012,
      reason: 'token_expired',
      retryable: false,
    });
    expect(late.message).toBe(
      'Expired token: token expired (the client token has expired: generate a new one)',
    );
    expect((await h.emu.control.state()).renders.filter((r) => r.sessionId === sessionId)).toEqual([]);
  });

  it('keeps the API code of a 400 (50001: the URL)', async () => {
    const { client, sessionId, token } = await routed();
    const error = await rejection(startRender(client, sessionId, { token, url: 'not a web address at all' }));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect({ status: error.status, apiCode: error.apiCode, message: error.message }).toEqual({
      status: 400,
      apiCode: 50001,
      message: '"url" must be an http or https URL',
    });
  });

  it('never retries the usage cap (429 with code 50004), and says so; other 429s are retried', async () => {
    const { sessionId, token } = await routed();
    const client = h.client(mode, { retry: { maxAttempts: 3, baseDelay: 1, maxDelay: 5 } });
    const cap = { code: 50004, message: 'Experienced Composer API Usage Exceeded' };
    await h.emu.control.injectFault({ method: 'POST', path: '**/render', action: { type: 'status', status: 429, body: cap } });
    await h.mark();
    const error = await rejection(startRender(client, sessionId, { token, url: PAGE }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect({ status: error.status, code: error.code, apiCode: error.apiCode, retryable: error.retryable, message: error.message }).toEqual({
      status: 429,
      code: 'rate_limited',
      apiCode: 50004,
      retryable: false,
      message: 'Experienced Composer API Usage Exceeded (API code 50004 is a usage cap: retrying will not help; contact Vonage support)',
    });
    expect((await h.requests()).map((r) => [r.method, r.status])).toEqual([['POST', 429]]);

    // Throttling (any other code) is retried as before: the second attempt starts the render.
    await h.emu.control.injectFault({ method: 'POST', path: '**/render', action: { type: 'status', status: 429, body: { code: 429, message: 'Slow down' } } });
    await h.mark();
    const render = await startRender(client, sessionId, { token, url: PAGE });
    expect(render.status).toBe('starting');
    expect((await h.requests()).map((r) => [r.method, r.status])).toEqual([
      ['POST', 429],
      ['POST', 202],
    ]);
  });

  it('rejects a render without an id with an InvalidResponseError naming the operation', async () => {
    const { client, sessionId, token } = await routed();
    await h.emu.control.injectFault({ method: 'POST', path: '**/render', action: { type: 'status', status: 202, body: { sessionId, status: 'starting' } } });
    const error = await rejection(startRender(client, sessionId, { token, url: PAGE }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toBe('startRender: the response has no id');
  });

  it('validates every start option locally and sends nothing', async () => {
    const client = h.client(mode);
    const ok: StartRenderOptions = { token: 'a-token', url: PAGE };
    const cases: [string, unknown][] = [
      ['options', undefined],
      ['options', PAGE],
      ['name', { ...ok, name: 'x' }],
      ['token', { url: PAGE }],
      ['token', { ...ok, token: '' }],
      ['url', { token: 't' }],
      ['url', { ...ok, url: 'https://a.co/x' }],
      ['url', { ...ok, url: `https://example.com/${'a'.repeat(2030)}` }],
      ['url', { ...ok, url: 42 }],
      ['maxDuration', { ...ok, maxDuration: 59 }],
      ['maxDuration', { ...ok, maxDuration: 36_001 }],
      ['maxDuration', { ...ok, maxDuration: 90.5 }],
      ['maxDuration', { ...ok, maxDuration: '120' }],
      ['resolution', { ...ok, resolution: '1024x768' }],
      ['resolution', { ...ok, resolution: '1280X720' }],
      ['properties', { ...ok, properties: 'Slides' }],
      ['properties.name', { ...ok, properties: { name: '' } }],
      ['properties.name', { ...ok, properties: { name: 'n'.repeat(201) } }],
      ['properties.name', { ...ok, properties: { name: 3 } }],
      ['properties.name', { ...ok, properties: {} }],
      ['properties.name', { ...ok, properties: { name: undefined } }],
      ['properties.title', { ...ok, properties: { title: 'x' } }],
      ['statusCallbackUrl', { ...ok, statusCallbackUrl: 'https://a.co/x' }],
      ['statusCallbackUrl', { ...ok, statusCallbackUrl: `https://example.com/${'a'.repeat(2030)}` }],
      ['retry.maxAttempts', { ...ok, retry: { maxAttempts: 0 } }],
    ];
    for (const [field, options] of cases) {
      await expectRejectedLocally(h, () => startRender(client, 'S', options as StartRenderOptions), field);
    }
  });
});

describeResourceContract<Render, StartRenderOptions>({
  harness: () => h,
  resource: 'render',
  idField: 'renderId',
  rows: (state) => state.renders,
  notFound: 'Render not found',
  statuses: { afterStart: ['starting', 'started'], running: 'started', stopped: 'stopped' },
  toItem: (raw) => toRender(raw),
  sample: {
    raw: { id: 'r-200', sessionId: 'S', projectId: '123', status: 'started', streamId: 's-1', createdAt: 1_700_000_000_000, url: PAGE },
    expected: { id: 'r-200', projectId: '123', status: 'started', streamId: 's-1', createdAt: new Date(1_700_000_000_000), updatedAt: undefined },
  },
  start: {
    run: startRender,
    errors: [400, 403, 500],
    status: 202,
    options: { token: 'a-token', url: PAGE },
    live: async (client, sessionId) => ({ token: await generateToken(client, sessionId, { role: 'publisher', data: 'composer' }), url: PAGE }),
    fields: { url: PAGE, resolution: '1280x720' },
  },
  stop: { run: stopRender, errors: [400, 403, 404], method: 'DELETE', status: 204 },
  get: { run: getRender, errors: [400, 403, 404] },
  // The reference documents no error statuses of the list; these are those of the other lists.
  list: { run: listRenders, iterate: iterateRenders, bySession: false, errors: [400, 403, 500] },
});
