// The request pipeline against a real HTTP server, run once per transport: both must behave the same.
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ClockSkewError,
  ConflictError,
  createClient,
  fetchTransport,
  InvalidRequestError,
  InvalidResponseError,
  isVideoError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  VideoError,
  type ClientOptions,
  type RequestSpec,
  type RetryEvent,
  type Transport,
} from '@video/core';
import { undiciTransport } from '@video/core/undici';
import { opentok, vonage } from './fixtures.js';
import { json, startServer, type TestServer } from './http-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

const FAST_RETRY = { maxAttempts: 3, baseDelay: 1, maxDelay: 5 };

const transports: [string, () => Transport][] = [
  ['fetch', () => fetchTransport()],
  ['undici', () => undiciTransport({ connections: 4 })],
];

describe.each(transports)('pipeline over the %s transport', (_name, makeTransport) => {
  let transport: Transport;
  const open = (options: ClientOptions = {}, creds: typeof vonage | typeof opentok = vonage) =>
    createClient({ ...creds, baseUrl: server.url }, { transport, retry: FAST_RETRY, ...options });
  beforeAll(() => {
    transport = makeTransport();
  });
  afterAll(() => transport.close?.());

  describe('error mapping', () => {
    const cases: [number, new (...args: never[]) => VideoError, string][] = [
      [400, InvalidRequestError, 'bad_request'],
      [401, AuthenticationError, 'authentication_failed'],
      [403, AuthenticationError, 'authentication_failed'],
      [404, NotFoundError, 'not_found'],
      [405, InvalidRequestError, 'method_not_allowed'],
      [409, ConflictError, 'conflict'],
      [413, InvalidRequestError, 'payload_too_large'],
      [429, RateLimitError, 'rate_limited'],
      [500, ServerError, 'server_error'],
      [502, ServerError, 'server_error'],
      [503, ServerError, 'server_error'],
    ];
    it.each(cases)('HTTP %i → %o', async (status, ErrorClass, code) => {
      server.handle((_, res) =>
        json(res, status, { code: 19999, message: `API says ${status}` }, { 'x-request-id': 'req-1' }),
      );
      const error = await open({ retry: false })
        .request({ operation: 'getArchive', method: 'GET', path: '/v2/project/k/archive/a' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toBeInstanceOf(VideoError);
      expect(error).toMatchObject({
        code,
        status,
        message: `API says ${status}`,
        requestId: 'req-1',
        method: 'GET',
        url: `${server.url}/v2/project/k/archive/a`,
        body: { code: 19999, message: `API says ${status}` },
        apiCode: 19999,
      });
      expect(isVideoError(error, code)).toBe(true);
      expect(server.requests).toHaveLength(1);
    });

    it('reports an HTML error page from a proxy by its title', async () => {
      server.handle((_, res) =>
        res
          .writeHead(502, { 'content-type': 'text/html' })
          .end('<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>'),
      );
      const error = await open({ retry: false })
        .request({ operation: 'getArchive', method: 'GET', path: '/x' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServerError);
      expect(error).toMatchObject({ status: 502, message: '502 Bad Gateway' });
    });

    it('falls back to a message naming the operation when the body has none', async () => {
      server.handle((_, res) => res.writeHead(500).end());
      const error = await open({ retry: false })
        .request({ operation: 'stopArchive', method: 'POST', path: '/x' })
        .catch((e: unknown) => e);
      expect((error as Error).message).toBe('stopArchive failed with HTTP 500');
    });

    it('turns a 401/403 with a far-off Date header into a ClockSkewError', async () => {
      const serverTime = new Date(Date.now() + 2 * 60 * 60 * 1000);
      server.handle((_, res) => json(res, 403, { message: 'issued time cannot be greater than current time' }, { date: serverTime.toUTCString() }));
      const error = (await open({ retry: false })
        .request({ operation: 'getArchive', method: 'GET', path: '/x' })
        .catch((e: unknown) => e)) as ClockSkewError;
      expect(error).toBeInstanceOf(ClockSkewError);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error.code).toBe('clock_skew');
      expect(Math.abs(error.offsetSeconds - 7200)).toBeLessThan(5);
      expect(error.message).toMatch(/issued time cannot be greater than current time.*7\d{3} s ahead/);
    });

    it('keeps a plain AuthenticationError when the clocks agree', async () => {
      server.handle((_, res) => json(res, 401, { message: 'Invalid token' }, { date: new Date().toUTCString() }));
      const error = await open({ retry: false })
        .request({ operation: 'x', method: 'GET', path: '/x' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).not.toBeInstanceOf(ClockSkewError);
    });
  });

  describe('API error codes', () => {
    const failOnce = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      server.handle((_, res, i) => (i === 0 ? json(res, status, body, headers) : json(res, 200, { id: 'ok' })));
    const fail = async (options: ClientOptions, request: Partial<RequestSpec> = {}) =>
      (await open(options)
        .request({ operation: 'dial', method: 'POST', path: '/x', json: {}, ...request })
        .catch((e: unknown) => e)) as VideoError;

    it('keeps the numeric code of the error body as apiCode, also in toJSON', async () => {
      for (const [code, expected] of [[15001, 15001], ['10012', 10012], [-1, -1], [' 42 ', 42], ['E15', undefined], [1.5, undefined], [null, undefined]] as const) {
        server.handle((_, res) => json(res, 400, { code, message: 'no' }));
        const error = await fail({ retry: false });
        expect(error.apiCode, String(code)).toBe(expected);
        expect(JSON.parse(JSON.stringify(error)).apiCode).toBe(expected);
      }
      server.handle((_, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('boom'));
      expect((await fail({ retry: false })).apiCode).toBeUndefined();
    });

    it.each([
      [10007, 'token_session_mismatch', /^Token does not match \(the client token is for another session: generate one for this session\)$/],
      [10012, 'token_expired', /^Token does not match \(the client token has expired: generate a new one\)$/],
    ])('403 with code %i: an AuthenticationError with reason %s, the API message first, then what to do', async (code, reason, message) => {
      server.handle((_, res) => json(res, 403, { code, message: 'Token does not match' }));
      const error = (await fail({ retry: false })) as AuthenticationError;
      expect(error).toBeInstanceOf(AuthenticationError);
      expect({ code: error.code, reason: error.reason, apiCode: error.apiCode, retryable: error.retryable }).toEqual({
        code: 'authentication_failed',
        reason,
        apiCode: code,
        retryable: false,
      });
      expect(error.message).toMatch(message);
      expect(error.toJSON()).toMatchObject({ reason, apiCode: code });
    });

    it('keeps the reason on a ClockSkewError, and leaves it undefined for other 403 codes', async () => {
      const date = new Date(Date.now() + 3_600_000).toUTCString();
      server.handle((_, res) => json(res, 403, { code: 10012, message: 'Expired token' }, { date }));
      const skewed = (await fail({ retry: false })) as ClockSkewError;
      expect(skewed).toBeInstanceOf(ClockSkewError);
      expect(skewed.reason).toBe('token_expired');
      expect(skewed.message).toMatch(/^Expired token \(the client token has expired: generate a new one\) \(the server's clock is 3\d{3} s ahead/);
      server.handle((_, res) => json(res, 403, { code: 10002, message: 'Unauthorized token' }));
      const plain = (await fail({ retry: false })) as AuthenticationError;
      expect({ reason: plain.reason, apiCode: plain.apiCode, message: plain.message }).toEqual({
        reason: undefined,
        apiCode: 10002,
        message: 'Unauthorized token',
      });
    });

    it.each([
      [15001, 'already_recording', 'stop the running archive first, or give each simultaneous archive its own multiArchiveTag'],
      [15002, 'not_recording', 'the archive has finished recording: there is nothing to stop'],
      [15004, 'not_deletable', "stop the archive and wait until it is 'available' or 'uploaded' before deleting it"],
    ])('409 with code %i, listed by the request: a ConflictError with reason %s and advice', async (code, reason, advice) => {
      server.handle((_, res) => json(res, 409, { code, message: 'Conflict says the API' }));
      const error = (await fail({ retry: false }, { reasonCodes: [code] })) as ConflictError;
      expect(error).toBeInstanceOf(ConflictError);
      expect({ reason: error.reason, apiCode: error.apiCode, message: error.message }).toEqual({
        reason,
        apiCode: code,
        message: `Conflict says the API (${advice})`,
      });
      expect(error.toJSON()).toMatchObject({ reason, apiCode: code });
      // Internal codes are documented per endpoint: a request that does not list the code, or
      // another code, keeps the plain message.
      for (const [answered, listed] of [[code, undefined], [code, [19999]], [409, [code]]] as const) {
        server.handle((_, res) => json(res, 409, { code: answered, message: 'Other conflict' }));
        const other = (await fail({ retry: false }, { reasonCodes: listed })) as ConflictError;
        expect({ reason: other.reason, apiCode: other.apiCode, message: other.message }).toEqual({ reason: undefined, apiCode: answered, message: 'Other conflict' });
      }
    });

    it('retries a non-idempotent POST after a 5xx whose code the request lists as not carried out', async () => {
      const body = { message: 'Internal server error', code: -1 };
      failOnce(500, body);
      const res = await open().request({ operation: 'dial', method: 'POST', path: '/dial', json: { a: 1 }, notCarriedOutCodes: [-1] });
      expect(res.body).toEqual({ id: 'ok' });
      expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([
        ['POST', '/dial', '{"a":1}'],
        ['POST', '/dial', '{"a":1}'],
      ]);

      // Out of attempts: the error says it is safe to call again, and why.
      server.requests.length = 0;
      server.handle((_, res) => json(res, 502, body));
      const error = await fail({ retry: { ...FAST_RETRY, maxAttempts: 2 } }, { notCarriedOutCodes: [-1] });
      expect(error).toBeInstanceOf(ServerError);
      expect({ retryable: error.retryable, apiCode: error.apiCode, message: error.message }).toEqual({
        retryable: true,
        apiCode: -1,
        message: 'Internal server error (API code -1: not carried out, safe to call again)',
      });
      expect(server.requests).toHaveLength(2);
    });

    it('does not retry that POST after another code, or when the request lists none', async () => {
      for (const [code, listed] of [[-2, [-1]], [-1, undefined], [-1, []]] as const) {
        server.requests.length = 0;
        failOnce(500, { message: 'Internal server error', code });
        const error = await fail({}, { notCarriedOutCodes: listed });
        expect(error, `${code} ${JSON.stringify(listed)}`).toBeInstanceOf(ServerError);
        expect({ retryable: error.retryable, message: error.message }).toEqual({ retryable: false, message: 'Internal server error' });
        expect(server.requests).toHaveLength(1);
      }
    });

    it('never retries a 429 whose code the request lists as permanent, and says it is a usage cap', async () => {
      const body = { code: 50004, message: 'Experienced Composer API Usage Exceeded' };
      failOnce(429, body, { 'retry-after': '1' });
      const error = (await fail({}, { operation: 'startRender', permanentCodes: [50004] })) as RateLimitError;
      expect(error).toBeInstanceOf(RateLimitError);
      expect({ code: error.code, retryable: error.retryable, apiCode: error.apiCode, retryAfter: error.retryAfter, message: error.message }).toEqual({
        code: 'rate_limited',
        retryable: false,
        apiCode: 50004,
        retryAfter: 1,
        message: 'Experienced Composer API Usage Exceeded (API code 50004 is a usage cap: retrying will not help; contact Vonage support)',
      });
      expect(server.requests).toHaveLength(1);

      // The same 429 without the rule, or with another code, is throttling: retried.
      for (const [code, permanentCodes] of [[50004, undefined], [429, [50004]]] as const) {
        server.requests.length = 0;
        failOnce(429, { ...body, code });
        await expect(open().request({ operation: 'startRender', method: 'POST', path: '/x', json: {}, permanentCodes })).resolves.toMatchObject({
          body: { id: 'ok' },
        });
        expect(server.requests).toHaveLength(2);
      }
    });

    it('a permanent code wins over a not-carried-out one, and over a 503', async () => {
      server.handle((_, res) => json(res, 503, { code: 7, message: 'Down' }));
      const error = await fail({}, { notCarriedOutCodes: [7], permanentCodes: [7] });
      expect({ retryable: error.retryable, message: error.message }).toEqual({ retryable: false, message: 'Down (API code 7: retrying will not help)' });
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('response bodies', () => {
    it('rejects malformed JSON and empty bodies where JSON is expected', async () => {
      server.handle((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id": '));
      await expect(open().request({ operation: 'getArchive', method: 'GET', path: '/x' })).rejects.toBeInstanceOf(
        InvalidResponseError,
      );
      server.handle((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end());
      await expect(open().request({ operation: 'getArchive', method: 'GET', path: '/x' })).rejects.toThrow(
        /expected a JSON body, got an empty response/,
      );
      expect(server.requests).toHaveLength(2);
    });

    it('decodes a gzip, deflate (zlib or raw) or br body that the server compresses unasked', async () => {
      const body = JSON.stringify({ id: 'compressed', name: 'é'.repeat(2000) });
      const codings: [string, Buffer][] = [
        ['gzip', gzipSync(body)],
        ['x-gzip', gzipSync(body)],
        ['deflate', deflateSync(body)],
        ['deflate', deflateRawSync(body)],
        ['br', brotliCompressSync(body)],
        ['GZIP', gzipSync(body)],
      ];
      for (const [coding, bytes] of codings) {
        server.handle((_, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding }).end(bytes));
        const res = await open().request({ operation: 'getArchive', method: 'GET', path: '/x' });
        expect(res.body, coding).toEqual(JSON.parse(body));
      }
      // A coding neither transport knows is read as it comes: here, not JSON.
      server.handle((_, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'constructor' }).end(gzipSync(body)));
      await expect(open({ retry: false }).request({ operation: 'getArchive', method: 'GET', path: '/x' })).rejects.toBeInstanceOf(InvalidResponseError);
    });

    it('applies maxResponseBytes to the decoded body: a small gzip bomb fails with InvalidResponseError', async () => {
      const bomb = gzipSync(Buffer.concat([Buffer.from('{"id":"'), Buffer.alloc(4 << 20, 'a'), Buffer.from('"}')]));
      expect(bomb.length).toBeLessThan(10_000);
      server.handle((_, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(bomb));
      const error = await open({ retry: false, maxResponseBytes: 1 << 20 })
        .request({ operation: 'getArchive', method: 'GET', path: '/x' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect(String((error as Error).message)).toMatch(/larger than maxResponseBytes \(1048576 bytes\)/);
      // Under the limit, the same bomb is read.
      const res = await open({ retry: false, maxResponseBytes: 8 << 20 }).request({ operation: 'getArchive', method: 'GET', path: '/x' });
      expect((res.body as { id: string }).id).toHaveLength(4 << 20);
    });

    it('accepts any 2xx and ignores the body when none is expected', async () => {
      server.handle((_, res) => res.writeHead(204).end());
      const res = await open().request({ operation: 'signal', method: 'POST', path: '/x', json: {}, expect: 'none' });
      expect(res.status).toBe(204);
      expect(res.body).toBeUndefined();
    });
  });

  describe('retries', () => {
    const respondThenSucceed = (failures: number, status: number, headers: Record<string, string> = {}) =>
      server.handle((_, res, i) =>
        i < failures ? json(res, status, { message: `fail ${i}` }, headers) : json(res, 200, { id: 'ok' }),
      );

    it('retries 503 and 429 for any method, POST included', async () => {
      for (const status of [503, 429]) {
        server.requests.length = 0;
        respondThenSucceed(2, status);
        const res = await open().request({ operation: 'startArchive', method: 'POST', path: '/x', json: {} });
        expect(res.body).toEqual({ id: 'ok' });
        expect(server.requests).toHaveLength(3);
      }
    });

    it('retries 500/502/504 only for requests safe to repeat', async () => {
      for (const status of [500, 502, 504]) {
        server.requests.length = 0;
        respondThenSucceed(1, status);
        await open().request({ operation: 'getArchive', method: 'GET', path: '/x' });
        expect(server.requests).toHaveLength(2);

        server.requests.length = 0;
        respondThenSucceed(1, status);
        const error = await open()
          .request({ operation: 'startArchive', method: 'POST', path: '/x', json: {} })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ServerError);
        // It may have been carried out: not safe to call again.
        expect((error as ServerError).retryable).toBe(false);
        expect(server.requests).toHaveLength(1);

        server.requests.length = 0;
        respondThenSucceed(1, status);
        await open().request({ operation: 'stopArchive', method: 'POST', path: '/x', idempotent: true });
        expect(server.requests).toHaveLength(2);
      }
    });

    it('marks an error retryable only when calling again is safe', async () => {
      const failWith = async (status: number, method: 'GET' | 'POST', retry: false | undefined = false) => {
        server.handle((_, res) => json(res, status, { message: 'no' }));
        return (await open({ retry }).request({ operation: 'x', method, path: '/x', json: method === 'POST' ? {} : undefined }).catch((e: unknown) => e)) as VideoError;
      };
      expect((await failWith(503, 'POST')).retryable).toBe(true);
      expect((await failWith(429, 'POST')).retryable).toBe(true);
      expect((await failWith(500, 'GET')).retryable).toBe(true);
      expect((await failWith(500, 'POST')).retryable).toBe(false);
      expect((await failWith(501, 'GET')).retryable).toBe(false);
      expect((await failWith(400, 'GET')).retryable).toBe(false);
    });

    it('never waits less than the backoff, whatever Retry-After says', async () => {
      for (const hint of ['0', '-1', '-5', 'Thu, 01 Jan 1970 00:00:00 GMT']) {
        server.requests.length = 0;
        respondThenSucceed(2, 429, { 'Retry-After': hint });
        const delays: number[] = [];
        await open({ retry: { maxAttempts: 3, baseDelay: 40, maxDelay: 40 }, onRetry: (e) => void delays.push(e.delayMs) }).request({
          operation: 'x',
          method: 'GET',
          path: '/x',
        });
        expect(delays).toHaveLength(2);
        for (const delay of delays) expect(delay, `Retry-After: ${hint}`).toBeGreaterThanOrEqual(20);
      }
      server.handle((_, res) => json(res, 429, {}, { 'Retry-After': '-5' }));
      const error = (await open({ retry: false }).request({ operation: 'x', method: 'GET', path: '/x' }).catch((e: unknown) => e)) as RateLimitError;
      expect(error.retryAfter).toBeUndefined();
    });

    it('never retries other 4xx', async () => {
      for (const status of [400, 401, 403, 404, 409, 413]) {
        server.requests.length = 0;
        respondThenSucceed(1, status);
        await expect(open().request({ operation: 'getArchive', method: 'GET', path: '/x' })).rejects.toBeInstanceOf(VideoError);
        expect(server.requests).toHaveLength(1);
      }
    });

    it('stops after maxAttempts and throws the last error', async () => {
      respondThenSucceed(10, 503);
      const error = await open({ retry: { ...FAST_RETRY, maxAttempts: 4 } })
        .request({ operation: 'getArchive', method: 'GET', path: '/x' })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 503, message: 'fail 3' });
      expect(server.requests).toHaveLength(4);
    });

    it('honours Retry-After in seconds and as an HTTP date', async () => {
      const delays: number[] = [];
      const onRetry = (e: RetryEvent) => void delays.push(e.delayMs);
      respondThenSucceed(1, 429, { 'retry-after': '1' });
      await open({ onRetry }).request({ operation: 'x', method: 'GET', path: '/x' });
      expect(delays).toEqual([1000]);

      server.requests.length = 0;
      const at = new Date(Date.now() + 2000).toUTCString();
      respondThenSucceed(2, 503, { 'retry-after': at });
      await open({ onRetry }).request({ operation: 'x', method: 'GET', path: '/y' });
      expect(delays[1]).toBeGreaterThan(0);
      expect(delays[1]).toBeLessThanOrEqual(2000);
    });

    it('gives up at once when Retry-After exceeds the time budget, keeping the hint', async () => {
      respondThenSucceed(5, 429, { 'retry-after': '120' });
      const error = (await open({ retry: { maxElapsed: 10_000 } })
        .request({ operation: 'x', method: 'GET', path: '/x' })
        .catch((e: unknown) => e)) as RateLimitError;
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error.retryAfter).toBe(120);
      expect(server.requests).toHaveLength(1);

      // A 503 carries the hint too (README: "a RateLimitError / ServerError that carries it").
      server.requests.length = 0;
      respondThenSucceed(5, 503, { 'retry-after': '90' });
      const unavailable = (await open({ retry: { maxElapsed: 10_000 } })
        .request({ operation: 'x', method: 'POST', path: '/x' })
        .catch((e: unknown) => e)) as ServerError;
      expect(unavailable).toBeInstanceOf(ServerError);
      expect(unavailable.retryAfter).toBe(90);
      expect(server.requests).toHaveLength(1);
    });

    it('lets onRetry veto a retry', async () => {
      respondThenSucceed(5, 503);
      await expect(
        open({ onRetry: () => false }).request({ operation: 'x', method: 'GET', path: '/x' }),
      ).rejects.toBeInstanceOf(ServerError);
      expect(server.requests).toHaveLength(1);
    });

    it('can be turned off per client and per call', async () => {
      respondThenSucceed(5, 503);
      await expect(open({ retry: false }).request({ operation: 'x', method: 'GET', path: '/x' })).rejects.toBeInstanceOf(
        ServerError,
      );
      expect(server.requests).toHaveLength(1);
      await expect(open().request({ operation: 'x', method: 'GET', path: '/x', retry: false })).rejects.toBeInstanceOf(
        ServerError,
      );
      expect(server.requests).toHaveLength(2);
    });
  });

  describe('timeouts and aborts', () => {
    it('times out when headers are slower than the timeout, retrying only safe requests', async () => {
      server.handle((_, res) => {
        const timer = setTimeout(() => json(res, 200, {}), 2000);
        res.on('close', () => clearTimeout(timer));
      });
      const error = (await open({ timeout: 100 })
        .request({ operation: 'getArchive', method: 'GET', path: '/x' })
        .catch((e: unknown) => e)) as TimeoutError;
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error.timeout).toBe(100);
      expect(error.message).toMatch(/^getArchive timed out after 100 ms \(GET http/);
      expect(server.requests).toHaveLength(3);

      server.requests.length = 0;
      const post = await open({ timeout: 100 })
        .request({ operation: 'startArchive', method: 'POST', path: '/x', json: {} })
        .catch((e: unknown) => e);
      expect(post).toBeInstanceOf(TimeoutError);
      expect((post as TimeoutError).retryable).toBe(false);
      expect(error.retryable).toBe(true);
      expect(server.requests).toHaveLength(1);
    });

    it('cuts off a response larger than maxResponseBytes, before reading it all', async () => {
      server.handle((_, res) => json(res, 200, { pad: 'x'.repeat(5000) }));
      const error = await open({ maxResponseBytes: 1000, retry: false })
        .request({ operation: 'getArchive', method: 'GET', path: '/x' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect((error as Error).message).toMatch(/maxResponseBytes \(1000 bytes\)/);
      await expect(open({ maxResponseBytes: 6000 }).request({ operation: 'getArchive', method: 'GET', path: '/x' })).resolves.toMatchObject({
        status: 200,
      });
    });

    it('times out when the body stalls after the headers', async () => {
      server.handle((_, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"id":');
      });
      await expect(
        open({ timeout: 150, retry: false }).request({ operation: 'getArchive', method: 'GET', path: '/x' }),
      ).rejects.toBeInstanceOf(TimeoutError);
    });

    it('uses the per-call timeout over the client one', async () => {
      server.handle((_, res) => {
        const timer = setTimeout(() => json(res, 200, { late: true }), 300);
        res.on('close', () => clearTimeout(timer));
      });
      await expect(
        open({ timeout: 100, retry: false }).request({ operation: 'x', method: 'GET', path: '/x', timeout: 5000 }),
      ).resolves.toMatchObject({ body: { late: true } });
    });

    it('rejects with the signal reason when the caller aborts mid-request', async () => {
      server.handle((_, res) => {
        const timer = setTimeout(() => json(res, 200, {}), 5000);
        res.on('close', () => clearTimeout(timer));
      });
      const controller = new AbortController();
      const pending = open().request({ operation: 'x', method: 'GET', path: '/x', signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
      expect(server.requests).toHaveLength(1);
    });

    it('rejects at once for an already-aborted signal and during a retry wait', async () => {
      const before = server.requests.length;
      await expect(
        open().request({ operation: 'x', method: 'GET', path: '/x', signal: AbortSignal.abort(new Error('stop')) }),
      ).rejects.toThrow('stop');
      expect(server.requests.length).toBe(before);

      server.handle((_, res) => json(res, 503, {}, { 'retry-after': '20' }));
      const controller = new AbortController();
      const pending = open({ retry: { maxElapsed: 60_000 }, onRetry: () => void controller.abort(new Error('bye')) }).request({
        operation: 'x',
        method: 'GET',
        path: '/x',
        signal: controller.signal,
      });
      await expect(pending).rejects.toThrow('bye');
    });
  });

  describe('network failures', () => {
    it('retries a refused connection for any method: the request never left', async () => {
      const dead = await startServer();
      const url = dead.url;
      await dead.close();
      const client = createClient({ ...vonage, baseUrl: url }, { transport, retry: FAST_RETRY });
      const retries: RetryEvent[] = [];
      const error = await createClient({ ...vonage, baseUrl: url }, { transport, retry: FAST_RETRY, onRetry: (e) => void retries.push(e) })
        .request({ operation: 'startArchive', method: 'POST', path: '/x', json: {} })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as Error).message).toMatch(/ECONNREFUSED/);
      expect(retries).toHaveLength(2);
      expect(client.baseUrl).toBe(url);
    });

    it('does not repeat a POST whose connection dropped after it was sent', async () => {
      server.handle((_, res) => res.socket?.destroy());
      const dropped = await open()
        .request({ operation: 'startArchive', method: 'POST', path: '/x', json: {} })
        .catch((e: unknown) => e);
      expect(dropped).toBeInstanceOf(NetworkError);
      expect((dropped as NetworkError).retryable).toBe(false);
      expect(server.requests).toHaveLength(1);
      server.requests.length = 0;
      await expect(open().request({ operation: 'getArchive', method: 'GET', path: '/x' })).rejects.toBeInstanceOf(
        NetworkError,
      );
      expect(server.requests).toHaveLength(3);
    });

    it('reports a body cut off mid-way as a network error', async () => {
      server.handle((_, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"id":"abc"', () => res.socket?.destroy());
      });
      await expect(
        open({ retry: false }).request({ operation: 'getArchive', method: 'GET', path: '/x' }),
      ).rejects.toBeInstanceOf(NetworkError);
    });
  });
});

describe('undici transport', () => {
  it('keeps connections alive across sequential requests', async () => {
    const transport = undiciTransport();
    server.handle((_, res) => json(res, 200, {}));
    const before = server.connections;
    const client = createClient({ ...opentok, baseUrl: server.url }, { transport });
    for (let i = 0; i < 10; i++) await client.request({ operation: 'x', method: 'GET', path: '/x' });
    // undici may open a second socket while the first is being released; never one per request.
    expect(server.connections - before).toBeLessThanOrEqual(2);
    expect(new Set(server.requests.map((r) => r.socket)).size).toBeLessThanOrEqual(2);
    await transport.close();
  });

  it('never opens more sockets than its connection cap', async () => {
    const transport = undiciTransport({ connections: 3 });
    server.handle((_, res) => {
      setTimeout(() => json(res, 200, {}), 20);
    });
    const client = createClient({ ...opentok, baseUrl: server.url }, { transport });
    const before = server.connections;
    await Promise.all(Array.from({ length: 30 }, () => client.request({ operation: 'x', method: 'GET', path: '/x' })));
    expect(server.connections - before).toBeLessThanOrEqual(3);
    expect(server.connections - before).toBeGreaterThan(0);
    await transport.close();
  });

  it('drops a request that timed out while queued without writing it, and keeps the socket', async () => {
    const transport = undiciTransport({ connections: 1 });
    server.handle((req, res) => {
      if (req.url === '/slow') setTimeout(() => json(res, 200, {}), 300);
      else json(res, 200, {});
    });
    const client = createClient({ ...opentok, baseUrl: server.url }, { transport, retry: false });
    await client.request({ operation: 'warm', method: 'GET', path: '/fast' });
    const before = server.connections;
    server.requests.length = 0;
    const slow = client.request({ operation: 'slow', method: 'GET', path: '/slow' });
    // Queued behind /slow on the only socket; its 100 ms run out before the socket is free.
    await expect(client.request({ operation: 'queued', method: 'POST', path: '/queued', json: {}, timeout: 100 })).rejects.toBeInstanceOf(TimeoutError);
    await slow;
    await client.request({ operation: 'after', method: 'GET', path: '/fast' });
    expect(server.requests.map((r) => r.url)).toEqual(['/slow', '/fast']);
    expect(server.connections).toBe(before);
    await transport.close();
    await transport.close();
    await transport.destroy();
  });

  it('sends the path and query as the URL parser would, whether or not it was split without it', async () => {
    const transport = undiciTransport();
    const signal = new AbortController().signal;
    const send = (url: string) => transport.send({ method: 'GET', url, headers: {}, signal, timeout: 5000, maxResponseBytes: 1e6 });
    server.handle((_, res) => json(res, 200, {}));
    // The first URL of an origin is parsed; later ones with a plain path are split as they stand,
    // and any that the parser would change (dot-segments, spaces, quotes, an empty query) still go through it.
    const urls = ['/v2/a?x=1', '/v2/b/c?y=a+b;c:d@e&z=%2F', '/v2/a/./b', '/v2/a/../b', '/v2/%2e%2E/b', "/v2/q?it's", '/v2/a b', '/v2/e?', '/v2/x#frag'];
    for (const path of urls) await send(server.url + path);
    expect(server.requests.map((r) => r.url)).toEqual(
      urls.map((path) => {
        const url = new URL(server.url + path);
        return url.pathname + url.search;
      }),
    );
    await transport.close();
  });

  it('obeys the signal of a wrapping transport that passes on a copy of the request with a signal of its own', async () => {
    const inner = undiciTransport();
    const own = new AbortController();
    const wrapper: Transport = { send: (req) => inner.send({ ...req, signal: own.signal }) };
    server.handle((_, res) => setTimeout(() => json(res, 200, {}), 2000));
    const client = createClient({ ...opentok, baseUrl: server.url }, { transport: wrapper, retry: false });
    const call = client.request({ operation: 'wrapped', method: 'GET', path: '/slow' });
    setTimeout(() => own.abort(new Error('wrapper gave up')), 50);
    await expect(call).rejects.toMatchObject({ message: expect.stringContaining('wrapper gave up') });
    await inner.destroy();
  });
});
