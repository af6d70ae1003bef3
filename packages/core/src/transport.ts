/** One HTTP exchange, as the pipeline hands it to a transport. */
export interface TransportRequest {
  /** HTTP method. */
  method: string;
  /** The full URL, query included. */
  url: string;
  /** Headers to send, authentication included. */
  headers: Record<string, string>;
  /** The encoded body, if any (JSON or form). */
  body?: string;
  /**
   * Fires when the attempt's time is up or the caller aborts. The transport must then stop: a
   * request not yet written is never written, and a response being read is dropped with its
   * connection. The pipeline stops waiting at that moment either way.
   */
  signal: AbortSignal;
  /** The attempt's time limit in ms (already enforced through `signal`). */
  timeout: number;
  /**
   * The most bytes of response body to accept, counted after decompression. A transport that
   * reads more rejects with {@link responseTooLarge} (the pipeline also checks what it gets).
   */
  maxResponseBytes: number;
}

/** A complete response. Header names are lower-case; the body has been read in full. */
export interface TransportResponse {
  /** HTTP status. */
  status: number;
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
  /** The whole body as text, decompressed. */
  body: string;
}

/**
 * Sends requests. The default is {@link fetchTransport}; `@video/core/undici` provides a keep-alive
 * pool with a connection cap and proxy support for Node. Implement it to plug in anything else.
 * A transport rejects on network failure and when `signal` aborts; it never inspects the status.
 */
export interface Transport {
  /** Sends one attempt and resolves with the response, whatever its status; rejects on a network failure or abort. */
  send(request: TransportRequest): Promise<TransportResponse>;
  /** Releases pooled connections, if the transport keeps any. */
  close?(): Promise<void>;
}

/**
 * Internal to this package: the pipeline puts a function under this key of each request through
 * which a transport of ours (the undici one) is told of a cancellation directly, so that the
 * request's `signal`, made only when read, is never made for it.
 */
export const ON_CANCEL = Symbol.for('@video/core:on-cancel');

/** The function found under {@link ON_CANCEL}: registers the one listener of the attempt. */
export type OnCancel = (listener: (reason: unknown) => void) => void;

/** The `code` of the error a transport rejects with when a body exceeds `maxResponseBytes`. */
export const RESPONSE_TOO_LARGE = 'VIDEO_RESPONSE_TOO_LARGE';

/** The error a transport rejects with when a response body exceeds `limit` bytes. */
export function responseTooLarge(limit: number): Error {
  return Object.assign(new Error(`the response body is larger than maxResponseBytes (${limit} bytes)`), {
    code: RESPONSE_TOO_LARGE,
  });
}

/** Options of {@link fetchTransport}. */
export interface FetchTransportOptions {
  /** A fetch implementation; default the global `fetch`. */
  fetch?: typeof globalThis.fetch;
}

/** A transport over the Fetch API: works on Node 20+, Bun, Deno, Workers and edge runtimes. */
export function fetchTransport(options: FetchTransportOptions = {}): Transport {
  return {
    async send(request) {
      const doFetch = options.fetch ?? globalThis.fetch;
      const response = await doFetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: request.signal,
        redirect: 'manual',
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      return { status: response.status, headers, body: await readText(response, headers, request.maxResponseBytes) };
    },
  };
}

/**
 * Reads the (decompressed) body as UTF-8 text, giving up as soon as it exceeds `limit` bytes.
 * `headers` are the response's, already copied (cheaper to read than the `Headers` object).
 */
async function readText(response: Response, headers: Record<string, string>, limit: number): Promise<string> {
  const declared = Number(headers['content-length'] ?? Number.NaN);
  if (headers['content-encoding'] === undefined) {
    // Uncompressed with a length: the framing bounds the body, so it can be read in one go.
    if (declared <= limit) return response.text();
    if (declared > limit) {
      await response.body?.cancel().catch(() => {});
      throw responseTooLarge(limit);
    }
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw responseTooLarge(limit);
    }
    text += decoder.decode(value, { stream: true });
  }
}
