// Node-only transport over undici: a keep-alive pool with a connection cap, optional proxy and TLS
// settings. It lives behind the `@video/core/undici` subpath so the main entry never imports undici.
import { brotliDecompress, gunzip, inflate, inflateRaw, type ZlibOptions } from 'node:zlib';
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import { ON_CANCEL, responseTooLarge, type OnCancel, type Transport, type TransportRequest, type TransportResponse } from '../transport.js';

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
  tls?: {
    /** Certificate authorities to trust instead of the default ones (PEM). */
    ca?: string | string[];
    /** `false` accepts any certificate: for tests only. Default true. */
    rejectUnauthorized?: boolean;
    /** The TLS server name (SNI) to send, when it differs from the host. */
    servername?: string;
  };
  /** Use this undici dispatcher instead of creating one; the other options are then ignored. */
  dispatcher?: Dispatcher;
}

/** The undici transport, plus its dispatcher for inspection and shutdown. */
export interface UndiciTransport extends Transport {
  /** The undici dispatcher requests go through. */
  readonly dispatcher: Dispatcher;
  /**
   * Waits for the requests in flight, then closes the pool's sockets. Every request is bounded by
   * its attempt's timeout, after which it is dropped with its socket, so this never waits longer.
   * Safe to call more than once.
   */
  close(): Promise<void>;
  /** Drops the requests in flight (they fail) and closes every socket at once. Safe to call more than once. */
  destroy(): Promise<void>;
}

type Decoder = (bytes: Buffer, options: ZlibOptions, callback: (error: Error | null, decoded: Buffer) => void) => void;
/**
 * The content codings Node's fetch decodes, so that both transports read the same responses.
 * `deflate` is zlib-wrapped by the standard, raw by some servers: the first byte tells them apart.
 */
const DECODERS = new Map<string, (bytes: Buffer) => Decoder>([
  ['gzip', () => gunzip],
  ['x-gzip', () => gunzip],
  ['deflate', (bytes) => ((bytes[0]! & 0x0f) === 0x08 ? inflate : inflateRaw)],
  ['br', () => brotliDecompress],
]);

/** Thrown into undici when an exchange was cancelled before it was written. */
class NotSent extends Error {
  readonly code = 'VIDEO_NOT_SENT';
}

/**
 * One exchange, driven through undici's handler API rather than `request()`: the body is collected
 * as bytes (no stream object per response), the size cap is checked chunk by chunk, and the
 * exchange can be cancelled at any point, including while it waits in the pool's queue.
 */
class Exchange implements Dispatcher.DispatchHandler {
  readonly promise: Promise<TransportResponse>;
  #resolve!: (response: TransportResponse) => void;
  #reject!: (error: unknown) => void;
  #controller: Dispatcher.DispatchController | undefined;
  #cancelled: unknown;
  #settled = false;
  #status = 0;
  #headers: Record<string, string> = {};
  #chunks: Buffer[] = [];
  #size = 0;
  readonly #limit: number;
  #signal: AbortSignal | undefined;
  readonly #onAbort = () => this.#cancel(this.#signal!.reason);

  constructor(request: TransportRequest) {
    this.#limit = request.maxResponseBytes;
    this.promise = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // From our own pipeline, the cancellation comes straight here; from anyone else, via the signal.
    const onCancel = (request as { [ON_CANCEL]?: OnCancel })[ON_CANCEL];
    if (typeof onCancel === 'function') {
      onCancel((reason) => this.#cancel(reason));
      return;
    }
    const signal = request.signal;
    if (signal.aborted) this.#cancel(signal.reason);
    else {
      this.#signal = signal;
      signal.addEventListener('abort', this.#onAbort);
    }
  }

  /** Whether the exchange was cancelled (before it was dispatched, it then never is). */
  get cancelled(): boolean {
    return this.#cancelled !== undefined;
  }

  #settle(error: unknown, response?: TransportResponse): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#signal?.removeEventListener('abort', this.#onAbort);
    if (response) this.#resolve(response);
    else this.#reject(error);
  }

  #cancel(reason: unknown): void {
    this.#cancelled ??= reason ?? new Error('aborted');
    // Once writing has started, aborting drops the request and its socket, which frees the slot.
    this.#controller?.abort(this.#cancelled as Error);
    this.#settle(this.#cancelled);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // Not written yet: undici drops a request whose start throws, and keeps the socket for the
    // next one (aborting here would write nothing either, but would also destroy the socket, and
    // with pipelining every request on it).
    if (this.#cancelled !== undefined) throw new NotSent('cancelled before it was sent');
    this.#controller = controller;
  }

  onResponseStart(_controller: Dispatcher.DispatchController, status: number, headers: Record<string, string | string[] | undefined>): void {
    if (status < 200) return; // 1xx informational: the response proper follows.
    this.#status = status;
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined) this.#headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#size += chunk.length;
    if (this.#size > this.#limit) {
      const error = responseTooLarge(this.#limit);
      controller.abort(error);
      this.#settle(error);
      return;
    }
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    const bytes = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks);
    const decode = DECODERS.get(this.#headers['content-encoding']?.trim().toLowerCase() ?? '')?.(bytes);
    if (!decode || bytes.length === 0) return this.#settle(undefined, { status: this.#status, headers: this.#headers, body: bytes.toString('utf8') });
    // Compressed although we never ask for it (a proxy, a CDN): decoded off the event loop, the
    // limit applying to the decoded size too, so a small bomb cannot become a large string.
    decode(bytes, { maxOutputLength: this.#limit }, (error, decoded) => {
      if (!error) return this.#settle(undefined, { status: this.#status, headers: this.#headers, body: decoded.toString('utf8') });
      this.#settle((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' ? responseTooLarge(this.#limit) : error);
    });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#settle(error);
  }

  /** Fails the exchange with an error undici threw instead of reporting it. */
  fail(error: unknown): void {
    this.#settle(error);
  }
}

/** A path and query that URL parsing leaves unchanged: no fragment, space, quote, `\\` or other character it would encode. */
const PLAIN_PATH = /^\/[\w\-.~%!$&()*+,;=:@/?]*$/;
/** A dot-segment (`.`, `..`, `%2e` …), which URL parsing would resolve. */
const DOT_SEGMENT = /\/(\.|%2e)/i;

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
  // The URL parser runs once per origin rather than per request: a URL that starts with the origin
  // parsed last and whose path URL parsing would leave as it is (no dot-segment, nothing to encode)
  // is split as it stands; any other goes through the parser.
  let lastOrigin = '';
  const target = (href: string): { origin: string; path: string } => {
    if (lastOrigin && href.startsWith(lastOrigin) && href.charCodeAt(lastOrigin.length) === 47 /* / */) {
      const path = href.slice(lastOrigin.length);
      if (PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path) && !path.endsWith('?')) return { origin: lastOrigin, path };
    }
    const url = new URL(href);
    lastOrigin = url.origin;
    return { origin: url.origin, path: url.pathname + url.search };
  };
  // Closing twice, or destroying after closing, is harmless (undici would reject the second call).
  let closing: Promise<void> | undefined;
  let destroying: Promise<void> | undefined;
  return {
    dispatcher,
    send(req) {
      const exchange = new Exchange(req);
      if (exchange.cancelled) return exchange.promise;
      const { origin, path } = target(req.url);
      try {
        dispatcher.dispatch(
          {
            origin,
            path,
            method: req.method as Dispatcher.HttpMethod,
            headers: req.headers,
            body: req.body ?? null,
            // Backstops only: the signal ends the exchange at the attempt's deadline.
            headersTimeout: req.timeout,
            bodyTimeout: req.timeout,
          },
          exchange,
        );
      } catch (error) {
        exchange.fail(error);
      }
      return exchange.promise;
    },
    async close() {
      if (owned) await (destroying ?? (closing ??= dispatcher.close()));
    },
    async destroy() {
      if (owned) await (destroying ??= dispatcher.destroy());
    },
  };
}
