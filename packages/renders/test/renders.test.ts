import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  InvalidRequestError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ServerError,
  type VideoClient,
} from '@video/core';
import {
  getRender,
  iterateRenders,
  listRenders,
  startRender,
  stopRender,
  type Render,
  type StartRenderOptions,
} from '@video/renders';
import { createSession, generateToken } from '@video/sessions';
import { expectAuthHeaders, MODES, projectPrefix, sessionWithClients, startHarness, type Harness } from '../../../test/support/harness.js';
import { expectRejectedLocally, ownerOf, rejection, wrongKeyClient } from '../../../test/support/assertions.js';

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

  it('starts with the minimal body and answers a starting render', async () => {
    const { client, sessionId, token } = await routed();
    await h.mark();
    const render = await startRender(client, sessionId, { token, url: PAGE });

    const req = await h.lastRequest();
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`${projectPrefix(client)}/render`);
    expect(req.query).toEqual({});
    expectAuthHeaders(req, mode, true);
    expect(req.rawBody).toBe(JSON.stringify({ sessionId, token, url: PAGE }));
    expect(req.status).toBe(202);

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

    await h.mark();
    const first = await getRender(client, render.id);
    const req = await h.lastRequest();
    expect(req.method).toBe('GET');
    expect(req.path).toBe(`${projectPrefix(client)}/render/${render.id}`);
    expect(req.query).toEqual({});
    expectAuthHeaders(req, mode, false);
    expect(first.id).toBe(render.id);

    const started = await waitForRender(client, render.id, (r) => r.status === 'started');
    expect(started).toMatchObject({ id: render.id, sessionId, status: 'started', name: 'Slides', reason: undefined });
    expect(started.streamId).toEqual(expect.any(String));
    let session = (await h.emu.control.state()).sessions.find((s) => s.sessionId === sessionId)!;
    expect(session.connections.find((c) => c.connectionId === connectionId)).toMatchObject({ kind: 'render' });
    expect(session.streams.find((s) => s.streamId === started.streamId)).toMatchObject({ connectionId, name: 'Slides' });
    expect(session.streams).toHaveLength(2);

    await h.mark();
    await expect(stopRender(client, render.id)).resolves.toBeUndefined();
    const stop = await h.lastRequest();
    expect(stop.method).toBe('DELETE');
    expect(stop.path).toBe(`${projectPrefix(client)}/render/${render.id}`);
    expectAuthHeaders(stop, mode, false);
    expect(stop.rawBody).toBe('');

    const stopped = await getRender(client, render.id);
    expect(stopped).toMatchObject({ id: render.id, status: 'stopped', reason: 'Stop Requested' });
    session = (await h.emu.control.state()).sessions.find((s) => s.sessionId === sessionId)!;
    expect(session.connections.map((c) => c.connectionId)).not.toContain(connectionId);
    expect(session.streams.map((s) => s.streamId)).not.toContain(started.streamId);
    expect(session.streams).toHaveLength(1);
  });

  it('lists renders newest first with offset, count and totalCount', async () => {
    const { client, sessionId, token } = await routed();
    const before = (await listRenders(client)).totalCount;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await startRender(client, sessionId, { token, url: PAGE })).id);
    const [r1, r2, r3] = ids as [string, string, string];

    await h.mark();
    const all = await listRenders(client);
    let req = await h.lastRequest();
    expect(req.method).toBe('GET');
    expect(req.path).toBe(`${projectPrefix(client)}/render`);
    expect(req.query).toEqual({});
    expectAuthHeaders(req, mode, false);
    expect(all.totalCount).toBe(before + 3);
    expect(all.items.slice(0, 3).map((r) => r.id)).toEqual([r3, r2, r1]);
    expect(all.items[0]).toMatchObject({ sessionId, url: PAGE, ...ownerOf(client) });

    await h.mark();
    const firstPage = await listRenders(client, { offset: 0, count: 2 });
    req = await h.lastRequest();
    expect(req.query).toEqual({ offset: '0', count: '2' });
    expect(firstPage).toMatchObject({ totalCount: before + 3 });
    expect(firstPage.items.map((r) => r.id)).toEqual([r3, r2]);

    const secondPage = await listRenders(client, { offset: 1, count: 2 });
    expect(secondPage.items.map((r) => r.id)).toEqual([r2, r1]);
    expect(secondPage.totalCount).toBe(before + 3);

    const past = await listRenders(client, { offset: before + 3, count: 1000 });
    expect(past).toEqual({ items: [], totalCount: before + 3 });
  });

  it('iterates over more than one page', async () => {
    const { client, sessionId, token } = await routed();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await startRender(client, sessionId, { token, url: PAGE })).id);
    const total = (await listRenders(client)).totalCount;
    expect(total).toBeGreaterThanOrEqual(3);

    await h.mark();
    const seen: string[] = [];
    for await (const render of iterateRenders(client, { pageSize: 2 })) seen.push(render.id);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen.slice(0, 3)).toEqual([...ids].reverse());
    const pages = await h.requests();
    expect(pages.map((r) => r.query)).toEqual(
      Array.from({ length: Math.ceil(total / 2) }, (_, i) => ({ offset: String(i * 2), count: '2' })),
    );

    await h.mark();
    const limited: string[] = [];
    for await (const render of iterateRenders(client, { offset: 0, pageSize: 2, limit: 3 })) limited.push(render.id);
    expect(limited).toEqual([...ids].reverse());
    expect((await h.requests()).map((r) => r.query)).toEqual([
      { offset: '0', count: '2' },
      { offset: '2', count: '1' },
    ]);
  });

  it('maps unknown render IDs to NotFoundError', async () => {
    const client = h.client(mode);
    for (const call of [() => getRender(client, 'no-such-render'), () => stopRender(client, 'no-such-render')]) {
      await h.mark();
      const error = await rejection(call());
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ status: 404, code: 'not_found', message: 'Render not found' });
      expect((await h.lastRequest()).path).toBe(`${projectPrefix(client)}/render/no-such-render`);
    }
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

  it('maps an unknown session to NotFoundError and rejected credentials to AuthenticationError', async () => {
    const client = h.client(mode);
    const otherMode = mode === 'vonage' ? 'opentok' : 'vonage';
    const { sessionId: foreign } = await createSession(h.client(otherMode), { mediaMode: 'routed' });
    const missing = await rejection(startRender(client, foreign, { token: 't', url: PAGE }));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ status: 404, message: 'Session not found' });

    const { sessionId, token } = await routed();
    const wrong = wrongKeyClient(h, mode);
    for (const call of [
      () => startRender(wrong, sessionId, { token, url: PAGE }),
      () => getRender(wrong, 'x'),
      () => stopRender(wrong, 'x'),
      () => listRenders(wrong),
    ]) {
      const error = await rejection(call());
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ status: 403, code: 'authentication_failed' });
    }
  });

  it('maps injected 400, 429 and 500 answers, and never repeats a start', async () => {
    const { sessionId, token } = await routed();
    const client = h.client(mode);
    const retrying = h.client(mode, { retry: { maxAttempts: 3, baseDelay: 1 } });
    await h.emu.control.injectFault({
      method: 'POST',
      path: '**/render',
      action: { type: 'status', status: 500, body: { code: 500, message: 'Composer unavailable' } },
    });
    await h.mark();
    const server = await rejection(startRender(retrying, sessionId, { token, url: PAGE }));
    expect(server).toBeInstanceOf(ServerError);
    expect(server).toMatchObject({ status: 500, code: 'server_error', message: 'Composer unavailable' });
    expect(await h.requests()).toHaveLength(1);

    await h.emu.control.injectFault({ method: 'POST', path: '**/render', afterHandling: true, action: { type: 'drop' } });
    await h.mark();
    expect(await rejection(startRender(retrying, sessionId, { token, url: PAGE }))).toBeInstanceOf(NetworkError);
    expect(await h.requests()).toHaveLength(1);
    expect((await h.emu.control.state()).renders.filter((r) => r.sessionId === sessionId)).toHaveLength(1);

    await h.emu.control.injectFault({
      method: 'GET',
      path: '**/render/*',
      action: { type: 'status', status: 400, body: { code: 400, message: 'Invalid render ID' } },
    });
    const bad = await rejection(getRender(client, 'abc'));
    expect(bad).toBeInstanceOf(InvalidRequestError);
    expect(bad).toMatchObject({ status: 400, code: 'bad_request', message: 'Invalid render ID' });
    await h.emu.control.injectFault({
      method: 'DELETE',
      path: '**/render/*',
      action: { type: 'status', status: 400, body: { code: 400, message: 'Invalid render ID' } },
    });
    const badStop = await rejection(stopRender(client, 'abc'));
    expect(badStop).toBeInstanceOf(InvalidRequestError);
    expect(badStop).toMatchObject({ status: 400, code: 'bad_request', message: 'Invalid render ID' });

    await h.emu.control.injectFault({
      method: 'GET',
      path: '**/render',
      action: { type: 'status', status: 429, headers: { 'Retry-After': '2' }, body: { code: 429, message: 'Slow down' } },
    });
    const limited = await rejection(listRenders(client));
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toMatchObject({ status: 429, message: 'Slow down', retryAfter: 2 });
  });

  it('accepts 200 from start and stop', async () => {
    const { client, sessionId, token } = await routed();
    await h.emu.control.injectFault({
      method: 'POST',
      path: '**/render',
      action: {
        type: 'status',
        status: 200,
        body: { id: 'r-200', sessionId, projectId: '123', status: 'started', streamId: 's-1', createdAt: 1_700_000_000_000, url: PAGE },
      },
    });
    expect(await startRender(client, sessionId, { token, url: PAGE })).toMatchObject({
      id: 'r-200',
      projectId: '123',
      status: 'started',
      streamId: 's-1',
      createdAt: new Date(1_700_000_000_000),
      updatedAt: undefined,
    });
    await h.emu.control.injectFault({ method: 'DELETE', path: '**/render/*', action: { type: 'status', status: 200, body: {} } });
    await expect(stopRender(client, 'r-200')).resolves.toBeUndefined();
  });

  it('validates every input locally and sends nothing', async () => {
    const client = h.client(mode);
    const ok: StartRenderOptions = { token: 'a-token', url: PAGE };
    const cases: [string, unknown, unknown][] = [
      ['sessionId', '', ok],
      ['sessionId', 'a/b', ok],
      ['sessionId', '..', ok],
      ['sessionId', '?x', ok],
      ['sessionId', 7, ok],
      ['options', 'S', undefined],
      ['options', 'S', PAGE],
      ['name', 'S', { ...ok, name: 'x' }],
      ['token', 'S', { url: PAGE }],
      ['token', 'S', { ...ok, token: '' }],
      ['url', 'S', { token: 't' }],
      ['url', 'S', { ...ok, url: 'https://a.co/x' }],
      ['url', 'S', { ...ok, url: `https://example.com/${'a'.repeat(2030)}` }],
      ['url', 'S', { ...ok, url: 42 }],
      ['maxDuration', 'S', { ...ok, maxDuration: 59 }],
      ['maxDuration', 'S', { ...ok, maxDuration: 36_001 }],
      ['maxDuration', 'S', { ...ok, maxDuration: 90.5 }],
      ['maxDuration', 'S', { ...ok, maxDuration: '120' }],
      ['resolution', 'S', { ...ok, resolution: '1024x768' }],
      ['resolution', 'S', { ...ok, resolution: '1280X720' }],
      ['properties', 'S', { ...ok, properties: 'Slides' }],
      ['properties.name', 'S', { ...ok, properties: { name: '' } }],
      ['properties.name', 'S', { ...ok, properties: { name: 'n'.repeat(201) } }],
      ['properties.name', 'S', { ...ok, properties: { name: 3 } }],
      ['properties.title', 'S', { ...ok, properties: { title: 'x' } }],
      ['statusCallbackUrl', 'S', { ...ok, statusCallbackUrl: 'https://a.co/x' }],
      ['statusCallbackUrl', 'S', { ...ok, statusCallbackUrl: `https://example.com/${'a'.repeat(2030)}` }],
      ['retry.maxAttempts', 'S', { ...ok, retry: { maxAttempts: 0 } }],
    ];
    for (const [field, sessionId, options] of cases) {
      await expectRejectedLocally(h, () => startRender(client, sessionId as string, options as StartRenderOptions), field);
    }
    for (const id of ['', 'a/b', '..', '?x', undefined]) {
      await expectRejectedLocally(h, () => getRender(client, id as string), 'renderId');
      await expectRejectedLocally(h, () => stopRender(client, id as string), 'renderId');
    }
    for (const [field, options] of [
      ['offset', { offset: -1 }],
      ['offset', { offset: 1.5 }],
      ['count', { count: 0 }],
      ['count', { count: 1001 }],
      ['count', { count: '10' }],
      ['sessionId', { sessionId: 'S' }],
      ['options', 'all'],
    ] as const) {
      await expectRejectedLocally(h, () => listRenders(client, options as never), field);
    }
    for (const [field, options] of [
      ['pageSize', { pageSize: 0 }],
      ['pageSize', { pageSize: 1001 }],
      ['offset', { offset: -1 }],
      ['limit', { limit: -1 }],
      ['count', { count: 10 }],
    ] as const) {
      await expectRejectedLocally(h, async () => {
        for await (const _ of iterateRenders(client, options as never)) break;
      }, field);
    }
  });
});
