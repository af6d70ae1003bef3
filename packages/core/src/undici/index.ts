// Node-only transport over undici: a keep-alive pool with a connection cap, optional proxy and TLS
// settings. It lives behind the `@video/core/undici` subpath so the main entry never imports undici.
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import type { Transport } from '../transport.js';

/** Options of {@link undiciTransport}. */
export interface UndiciTransportOptions {
  /** Most sockets open to one origin at a time. Default 32. */
  connections?: number;
  /** Requests pipelined on one socket. Default 1 (no pipelining). */
  pipelining?: number;
  /** How long an idle socket stays open, in ms. Default 30 000. */
  keepAliveTimeout?: number;
  /** Send every request through this HTTP(S) proxy, e.g. `http://user:pass@proxy:8080`. */
  proxy?: string | URL;
  /** TLS options for the connection to the API (e.g. `ca`, `rejectUnauthorized`). */
  tls?: { ca?: string | string[]; rejectUnauthorized?: boolean; servername?: string };
  /** Use this undici dispatcher instead of creating one; the other options are then ignored. */
  dispatcher?: Dispatcher;
}

/** The undici transport, plus its dispatcher for inspection and `close()` for shutdown. */
export interface UndiciTransport extends Transport {
  readonly dispatcher: Dispatcher;
  close(): Promise<void>;
}

/** A transport over an undici keep-alive pool. Call `close()` when the client is no longer needed. */
export function undiciTransport(options: UndiciTransportOptions = {}): UndiciTransport {
  const pool = {
    connections: options.connections ?? 32,
    pipelining: options.pipelining ?? 1,
    keepAliveTimeout: options.keepAliveTimeout ?? 30_000,
    ...(options.tls ? { connect: options.tls } : {}),
  };
  const owned = !options.dispatcher;
  const dispatcher: Dispatcher =
    options.dispatcher ??
    (options.proxy
      ? new ProxyAgent({ uri: String(options.proxy), ...pool, ...(options.tls ? { requestTls: options.tls } : {}) })
      : new Agent(pool));
  return {
    dispatcher,
    // undici's own per-request timers cost next to nothing; listening on an AbortSignal per request
    // costs about a fifth of the throughput at high concurrency.
    handlesTimeout: true,
    async send(req) {
      const res = await request(req.url, {
        method: req.method as Dispatcher.HttpMethod,
        headers: req.headers,
        body: req.body,
        signal: req.signal,
        headersTimeout: req.timeout,
        bodyTimeout: req.timeout,
        dispatcher,
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: res.statusCode, headers, body: await res.body.text() };
    },
    async close() {
      if (owned) await dispatcher.close();
    },
  };
}
