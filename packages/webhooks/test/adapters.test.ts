// Both adapters, over real sockets: a node:http server bridging to handleCallback (as Hono's and
// other Node adapters do), and Express / node:http servers running callbackMiddleware.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CallbackVerificationError,
  handleCallback,
  VideoValidationError,
  type CallbackHandlerOptions,
  type VerifiedCallbackEvent,
} from '@video/webhooks';
import { callbackMiddleware } from '../src/node.js';
import { authorization, bodyOf, EVENT_NAMES, PAYLOADS, SECRET } from './fixtures.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks`;
}

/** A node:http server handing each request to handleCallback as a web Request, body streamed. */
function webServer(options: CallbackHandlerOptions): Promise<string> {
  return listen(
    createServer(async (req: IncomingMessage, res) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const request = new Request(`http://localhost${req.url}`, {
        method: req.method,
        headers,
        body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
        ...(hasBody ? { duplex: 'half' } : {}),
      } as RequestInit);
      const response = await handleCallback(request, options);
      response.headers.forEach((value, name) => res.setHeader(name, value));
      res.writeHead(response.status);
      res.end(Buffer.from(await response.arrayBuffer()));
    }),
  );
}

function expressServer(options: CallbackHandlerOptions, setup?: (app: express.Express) => void): Promise<string> {
  const app = express();
  setup?.(app);
  app.post('/callbacks', callbackMiddleware(options));
  return listen(createServer(app));
}

const nodeServer = (options: CallbackHandlerOptions) => listen(createServer(callbackMiddleware(options)));

const post = (url: string, body: string, header?: string, extra: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(header === undefined ? {} : { authorization: header }), ...extra },
    body,
  });

const ADAPTERS = [
  ['handleCallback (web Request)', webServer],
  ['callbackMiddleware in Express', (o: CallbackHandlerOptions) => expressServer(o)],
  ['callbackMiddleware on node:http', nodeServer],
] as const;

describe.each(ADAPTERS)('%s', (_name, serve) => {
  it('delivers every event, typed, and answers 204', async () => {
    const events: VerifiedCallbackEvent[] = [];
    const url = await serve({ secret: SECRET, onEvent: (event) => void events.push(event) });
    for (const name of EVENT_NAMES) {
      const text = bodyOf(PAYLOADS[name]);
      const response = await post(url, text, authorization(text));
      expect(response.status, name).toBe(204);
    }
    expect(events.map((e) => e.type)).toEqual(EVENT_NAMES);
    const archive = events.find((e) => e.type === 'archive');
    if (archive?.type !== 'archive') throw new Error('no archive event');
    expect(archive.createdAt).toBeInstanceOf(Date);
    expect(archive.claims.jti).toEqual(expect.any(String));
  });

  it('answers 503 unsigned, 401 unverified, 400 malformed, 413 too large', async () => {
    const onEvent = vi.fn();
    const onError = vi.fn();
    const url = await serve({ secret: SECRET, onEvent, onError, maxBodyBytes: 4096 });
    const text = bodyOf(PAYLOADS.archive);

    const unsigned = await post(url, text);
    expect(unsigned.status).toBe(503);
    expect(unsigned.headers.get('retry-after')).toBe('60');
    expect(await unsigned.json()).toEqual({ error: 'callback_verification_failed', reason: 'missing_header' });

    const forged = await post(url, text, authorization(text, { secret: 'guess' }));
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ error: 'callback_verification_failed', reason: 'bad_signature' });
    expect((await post(url, text.replace('Foo', 'Bar'), authorization(text))).status).toBe(401);

    const broken = bodyOf({ event: 'streamCreated', sessionId: 's', timestamp: 1 });
    const malformed = await post(url, broken, authorization(broken));
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: 'invalid_callback', field: 'stream' });
    expect((await post(url, 'plain text', authorization('plain text'))).status).toBe(400);

    const big = bodyOf({ ...PAYLOADS.archive, name: 'x'.repeat(5000) });
    expect((await post(url, big, authorization(big))).status).toBe(413);

    expect(onEvent).not.toHaveBeenCalled();
    const reasons = onError.mock.calls.map(([e]) => (e instanceof CallbackVerificationError ? e.reason : (e as Error).name));
    expect(reasons).toEqual(['missing_header', 'bad_signature', 'hash_mismatch', 'CallbackParseError', 'CallbackParseError', 'CallbackParseError']);
  });

  it('answers 500 when the handler throws, so the service retries; the retry is handled', async () => {
    let calls = 0;
    const onError = vi.fn();
    const url = await serve({
      secret: SECRET,
      onError,
      onEvent: async () => {
        calls += 1;
        if (calls === 1) throw new Error('database down');
      },
    });
    const text = bodyOf(PAYLOADS.connectionCreated);
    const header = authorization(text);
    const failed = await post(url, text, header);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: 'handler_failed' });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'database down' }));
    expect((await post(url, text, header)).status).toBe(204);
    expect(calls).toBe(2);
  });

  it('de-duplicates with seen(jti): a second delivery is acknowledged without running the handler', async () => {
    const accepted = new Set<string>();
    const onEvent = vi.fn();
    const url = await serve({ secret: SECRET, onEvent, seen: (jti) => accepted.has(jti) || (accepted.add(jti), false) });
    const text = bodyOf(PAYLOADS.archive);
    const header = authorization(text);
    expect((await post(url, text, header)).status).toBe(204);
    expect((await post(url, text, header)).status).toBe(204);
    expect(onEvent).toHaveBeenCalledTimes(1);
    expect(accepted.size).toBe(1);
  });

  it('never lets onError change the answer', async () => {
    const url = await serve({
      secret: SECRET,
      onEvent: () => undefined,
      onError: () => {
        throw new Error('logger broke');
      },
    });
    expect((await post(url, '{}', 'Bearer nope')).status).toBe(401);
  });
});

it.each([
  ['handleCallback', webServer],
  ['callbackMiddleware on node:http', nodeServer],
] as const)('%s answers 405 to a method other than POST', async (_name, serve) => {
  const url = await serve({ secret: SECRET, onEvent: () => undefined });
  const get = await fetch(url);
  expect(get.status).toBe(405);
  expect(get.headers.get('allow')).toBe('POST');
});

describe('handleCallback', () => {
  it('answers 500 and tells onError when the options are wrong (a private key as the secret)', async () => {
    const onError = vi.fn();
    const url = await webServer({ secret: '-----BEGIN PRIVATE KEY-----\nMIIE…\n-----END PRIVATE KEY-----', onEvent: () => undefined, onError });
    const text = bodyOf(PAYLOADS.archive);
    const response = await post(url, text, authorization(text));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'misconfigured_receiver' });
    expect(onError.mock.calls[0]![0]).toBeInstanceOf(VideoValidationError);
    expect(onError.mock.calls[0]![0]).toMatchObject({ field: 'secret' });
  });

  it('stops reading a streamed body at maxBodyBytes', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        if (pulled > 1000) controller.close();
        else controller.enqueue(new Uint8Array(1024));
      },
    });
    const request = new Request('http://localhost/callbacks', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    const response = await handleCallback(request, { secret: SECRET, onEvent: () => undefined, maxBodyBytes: 10_000 });
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(20);
  });
});

describe('callbackMiddleware', () => {
  it('throws a wrong option when it is created', () => {
    expect(() => callbackMiddleware({ secret: SECRET } as CallbackHandlerOptions)).toThrow(VideoValidationError);
    expect(() => callbackMiddleware({ secret: SECRET, onEvent: () => undefined, verbose: true } as CallbackHandlerOptions)).toThrow(
      expect.objectContaining({ field: 'verbose' }),
    );
  });

  it('uses the raw body kept by express.raw() or by express.json({ verify })', async () => {
    const onEvent = vi.fn();
    const raw = await expressServer({ secret: SECRET, onEvent }, (app) => app.use('/callbacks', express.raw({ type: 'application/json' })));
    const kept = await expressServer({ secret: SECRET, onEvent }, (app) =>
      app.use(
        express.json({
          verify: (req, _res, buf) => {
            (req as IncomingMessage & { rawBody?: Buffer }).rawBody = buf;
          },
        }),
      ),
    );
    for (const url of [raw, kept]) {
      const text = bodyOf(PAYLOADS.streamCreated);
      expect((await post(url, text, authorization(text))).status).toBe(204);
    }
    expect(onEvent).toHaveBeenCalledTimes(2);
  });

  it('explains, with a 500, that a body already parsed by express.json() cannot be verified', async () => {
    const onError = vi.fn();
    const url = await expressServer({ secret: SECRET, onEvent: () => undefined, onError }, (app) => app.use(express.json()));
    const text = bodyOf(PAYLOADS.archive);
    const response = await post(url, text, authorization(text));
    expect(response.status).toBe(500);
    const error = onError.mock.calls[0]![0] as VideoValidationError;
    expect(error).toBeInstanceOf(VideoValidationError);
    expect(error.message).toMatch(/express\.json\(\).*raw bytes.*express\.raw\(\{ type: 'application\/json' \}\)/);
  });

  it('answers 413 to a chunked body over the limit while reading it', async () => {
    const url = await nodeServer({ secret: SECRET, onEvent: () => undefined, maxBodyBytes: 1000 });
    const chunks = Readable.from([Buffer.alloc(600, 'a'), Buffer.alloc(600, 'b')]);
    const response = await fetch(url, { method: 'POST', body: Readable.toWeb(chunks) as ReadableStream, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
  });
});
