// `@video/webhooks/register`: the legacy project-callback endpoints, over real sockets against the
// emulator with OpenTok project credentials (the only ones the API has them for), and refused
// locally for application credentials.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, InvalidResponseError, NetworkError, NotFoundError, RateLimitError, ServerError } from '@video/core';
import {
  listCallbacks,
  registerCallback,
  unregisterCallback,
  type RegisterCallbackOptions,
  type RegisteredCallback,
} from '@video/webhooks/register';
import { expectAuthHeaders, projectPrefix, startHarness, type Harness } from '../../../test/support/harness.js';
import { BAD_IDS, expectApiError, expectRejectedLocally, failNext, rejection, wrongKeyClient } from '../../../test/support/assertions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const URL_A = 'https://example.com/video/callbacks';

/** What the emulator stores, in the shape the API answers with. */
async function stored(): Promise<Record<string, unknown>[]> {
  return (await h.emu.control.state()).callbacks;
}

/** Unregisters everything, so each test starts from an empty list. */
async function clear(): Promise<void> {
  const client = h.client('opentok');
  for (const c of await listCallbacks(client)) await unregisterCallback(client, c.id);
}

describe('with OpenTok project credentials', () => {
  it('registers: POST …/callback with exactly {group, event, url}, and returns the callback', async () => {
    await clear();
    const client = h.client('opentok');
    await h.mark();
    const callback = await registerCallback(client, { group: 'connection', event: 'created', url: URL_A });
    const req = await h.lastRequest();
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`${projectPrefix(client)}/callback`);
    expect(req.query).toEqual({});
    expectAuthHeaders(req, 'opentok', true);
    expect(req.rawBody).toBe(JSON.stringify({ group: 'connection', event: 'created', url: URL_A }));
    expect(req.status).toBe(200);
    const [raw] = await stored();
    expect(callback).toEqual({ id: raw!.id, group: 'connection', event: 'created', url: URL_A, createdAt: new Date(raw!.createdAt as number) });
    expect(callback.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lists them oldest first (GET …/callback, a JSON array), every group and event, and unregisters (DELETE …/callback/{id})', async () => {
    await clear();
    const client = h.client('opentok');
    const made: RegisteredCallback[] = [];
    for (const group of ['connection', 'stream'] as const) {
      for (const event of ['created', 'destroyed'] as const) made.push(await registerCallback(client, { group, event, url: `${URL_A}/${group}-${event}` }));
    }
    await h.mark();
    const list = await listCallbacks(client);
    const req = await h.lastRequest();
    expect({ method: req.method, path: req.path, query: req.query, rawBody: req.rawBody, status: req.status }).toEqual({
      method: 'GET',
      path: `${projectPrefix(client)}/callback`,
      query: {},
      rawBody: '',
      status: 200,
    });
    expectAuthHeaders(req, 'opentok', false);
    expect(list).toEqual(made);
    expect(list.map((c) => `${c.group}/${c.event}`)).toEqual(['connection/created', 'connection/destroyed', 'stream/created', 'stream/destroyed']);

    await h.mark();
    await expect(unregisterCallback(client, made[1]!.id)).resolves.toBeUndefined();
    const del = await h.lastRequest();
    expect({ method: del.method, path: del.path, rawBody: del.rawBody, status: del.status }).toEqual({
      method: 'DELETE',
      path: `${projectPrefix(client)}/callback/${made[1]!.id}`,
      rawBody: '',
      status: 204,
    });
    expectAuthHeaders(del, 'opentok', false);
    expect(await listCallbacks(client)).toEqual([made[0], made[2], made[3]]);
    expect((await stored()).map((c) => c.id)).toEqual([made[0]!.id, made[2]!.id, made[3]!.id]);
  });

  it('accepts plain http only to a loopback host (the emulator, a local receiver)', async () => {
    const client = h.client('opentok');
    for (const url of ['http://localhost:3000/cb', 'http://127.0.0.1/cb', 'http://[::1]:8080/video', 'https://10.0.0.1/cb', 'https://example.com']) {
      await h.mark();
      expect((await registerCallback(client, { group: 'stream', event: 'destroyed', url })).url).toBe(url);
      expect((await h.lastRequest()).body).toEqual({ group: 'stream', event: 'destroyed', url });
    }
  });

  it('maps an unknown callback ID to NotFoundError, rejected credentials to AuthenticationError', async () => {
    const client = h.client('opentok');
    await h.mark();
    await expectApiError(() => unregisterCallback(client, 'no-such-callback'), NotFoundError, { status: 404, code: 'not_found', message: 'Callback not found' });
    expect((await h.lastRequest()).path).toBe(`${projectPrefix(client)}/callback/no-such-callback`);
    const wrong = wrongKeyClient(h, 'opentok');
    for (const call of [() => registerCallback(wrong, { group: 'stream', event: 'created', url: URL_A }), () => listCallbacks(wrong), () => unregisterCallback(wrong, 'x')]) {
      const error = await rejection(call());
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ status: 403 });
    }
  });

  it('never repeats a registration after an ambiguous failure; repeats a list after a 500', async () => {
    await clear();
    const retrying = h.client('opentok', { retry: { maxAttempts: 3, baseDelay: 1 } });
    await failNext(h, 'POST', '**/callback', 500, 'Callback service unavailable');
    await h.mark();
    const server = await rejection(registerCallback(retrying, { group: 'connection', event: 'destroyed', url: URL_A }));
    expect(server).toBeInstanceOf(ServerError);
    expect(server).toMatchObject({ status: 500, message: 'Callback service unavailable' });
    expect(await h.requests()).toHaveLength(1);

    await h.emu.control.injectFault({ method: 'POST', path: '**/callback', afterHandling: true, action: { type: 'drop' } });
    await h.mark();
    expect(await rejection(registerCallback(retrying, { group: 'connection', event: 'destroyed', url: URL_A }))).toBeInstanceOf(NetworkError);
    expect(await h.requests()).toHaveLength(1);
    expect(await stored()).toHaveLength(1);

    await failNext(h, 'GET', '**/callback', 500, 'Try again');
    await h.mark();
    expect(await listCallbacks(retrying)).toHaveLength(1);
    expect((await h.requests()).map((r) => r.status)).toEqual([500, 200]);

    await h.emu.control.injectFault({
      method: 'GET',
      path: '**/callback',
      action: { type: 'status', status: 429, headers: { 'Retry-After': '3' }, body: { code: 429, message: 'Slow down' } },
    });
    const limited = await rejection(listCallbacks(h.client('opentok')));
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toMatchObject({ status: 429, message: 'Slow down', retryAfter: 3 });
  });

  it('rejects answers it cannot use with an InvalidResponseError', async () => {
    const client = h.client('opentok');
    await h.emu.control.injectFault({ method: 'POST', path: '**/callback', action: { type: 'status', status: 200, body: { group: 'stream' } } });
    expect(await rejection(registerCallback(client, { group: 'stream', event: 'created', url: URL_A }))).toMatchObject({
      name: 'InvalidResponseError',
      message: 'registerCallback: the response has no id',
    });
    for (const [body, message] of [
      [{ items: [] }, 'listCallbacks: the response is not a JSON array'],
      [[{ group: 'stream' }], 'listCallbacks: the response has no id'],
    ] as const) {
      await h.emu.control.injectFault({ method: 'GET', path: '**/callback', action: { type: 'status', status: 200, body } });
      const error = await rejection(listCallbacks(client));
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect(error).toMatchObject({ status: 200, message });
    }
  });

  it('validates every input locally and sends nothing', async () => {
    const client = h.client('opentok');
    const ok: RegisterCallbackOptions = { group: 'connection', event: 'created', url: URL_A };
    const cases: [string, unknown][] = [
      ['options', undefined],
      ['options', 'connection'],
      ['group', { event: 'created', url: URL_A }],
      ['group', { ...ok, group: 'archive' }],
      ['group', { ...ok, group: 'Connection' }],
      ['event', { group: 'stream', url: URL_A }],
      ['event', { ...ok, event: 'updated' }],
      ['url', { group: 'stream', event: 'created' }],
      ['url', { ...ok, url: '' }],
      ['url', { ...ok, url: 'http://example.com/cb' }],
      ['url', { ...ok, url: 'http://10.0.0.1/cb' }],
      ['url', { ...ok, url: 'ftp://example.com/cb' }],
      ['url', { ...ok, url: 'example.com/cb' }],
      ['url', { ...ok, url: 'https://' }],
      ['url', { ...ok, url: 42 }],
      ['secret', { ...ok, secret: 'x' }],
      ['timeout', { ...ok, timeout: 'soon' }],
    ];
    for (const [field, options] of cases) {
      await expectRejectedLocally(h, () => registerCallback(client, options as RegisterCallbackOptions), field);
    }
    const http = await expectRejectedLocally(h, () => registerCallback(client, { ...ok, url: 'http://example.com/cb' }), 'url');
    expect(http.message).toMatch(/must be an https:\/\/ URL \(plain http:\/\/ only to localhost/);
    for (const [, id] of BAD_IDS) await expectRejectedLocally(h, () => unregisterCallback(client, id as string), 'callbackId');
    await expectRejectedLocally(h, () => unregisterCallback(client, 'abc', { force: true } as never), 'force');
    await expectRejectedLocally(h, () => listCallbacks(client, { retry: 'yes' } as never), 'retry');
    await expectRejectedLocally(h, () => listCallbacks(client, 'x' as never), 'options');
  });
});

describe('with application (Vonage) credentials', () => {
  it('refuses every call before any request: the API has no /callback for applications', async () => {
    const client = h.client('vonage');
    const calls: (() => Promise<unknown>)[] = [
      () => registerCallback(client, { group: 'connection', event: 'created', url: URL_A }),
      () => listCallbacks(client),
      () => unregisterCallback(client, 'some-id'),
      // Whatever else is wrong: the credentials are what cannot work.
      () => registerCallback(client, { group: 'archive' } as never),
    ];
    for (const call of calls) {
      const error = await expectRejectedLocally(h, call, 'credentials');
      expect(error.message).toMatch(/only for OpenTok project credentials \(apiKey, apiSecret\)/);
      expect(error.message).toMatch(/Vonage dashboard/);
      expect(error.message).toMatch(/capabilities\.video\.webhooks/);
    }
  });

  it('is right to: the emulator, like the service, has no such route on an application path', async () => {
    const client = h.client('vonage');
    const path = `${projectPrefix(client)}/callback`;
    const error = await rejection(client.request({ operation: 'probe', method: 'GET', path }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, message: `Not found: GET ${path}` });
  });
});
