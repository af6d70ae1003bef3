/** One HTTP exchange, as the pipeline hands it to a transport. */
export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /**
   * Aborts the exchange. Normally the caller's signal combined with the attempt's timeout; for a
   * transport with `handlesTimeout`, only the caller's signal (if any).
   */
  signal?: AbortSignal;
  /** The attempt's time limit in ms. The pipeline enforces it either way. */
  timeout: number;
}

/** A complete response. Header names are lower-case; the body has been read in full. */
export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends requests. The default is {@link fetchTransport}; `@video/core/undici` provides a keep-alive
 * pool with a connection cap and proxy support for Node. Implement it to plug in anything else.
 * A transport rejects on network failure and when `signal` aborts; it never inspects the status.
 */
export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
  /**
   * True if the transport enforces `timeout` itself (e.g. with its client's own timers), so the
   * pipeline need not hand it an abort signal per attempt; the pipeline still stops waiting at the
   * deadline.
   */
  readonly handlesTimeout?: boolean;
  /** Releases pooled connections, if the transport keeps any. */
  close?(): Promise<void>;
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
      return { status: response.status, headers, body: await response.text() };
    },
  };
}
