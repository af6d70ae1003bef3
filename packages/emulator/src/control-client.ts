import type {
  DtmfLogEntry,
  EmulatorState,
  FaultInfo,
  FaultSpec,
  JoinOptions,
  JoinResult,
  PublishOptions,
  PublishResult,
  RequestLogEntry,
  SignalLogEntry,
} from './control-types.js';

/** Thrown when the control API answers with a non-2xx status. */
export class EmulatorControlError extends Error {
  readonly status: number;
  readonly body: unknown;

  constructor(method: string, path: string, status: number, body: unknown) {
    const message = typeof body === 'object' && body !== null && 'message' in body ? body.message : undefined;
    const detail = typeof message === 'string' ? message : JSON.stringify(body);
    super(`Emulator control API ${method} ${path} answered ${status}: ${detail}`);
    this.name = 'EmulatorControlError';
    this.status = status;
    this.body = body;
  }
}

const seg = (value: string): string => encodeURIComponent(value);

/**
 * A typed client for the emulator's control API (`/_emulator/...`): join clients with real tokens,
 * publish streams, read the request/signal/DTMF logs and inject faults. Uses the global `fetch`.
 */
export class EmulatorControl {
  /** The emulator's base URL, without a trailing slash. */
  readonly url: string;

  constructor(url: string) {
    this.url = url.replace(/\/+$/, '');
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    // The control API takes writes only as JSON (a web page cannot send that without a preflight).
    const json = body ?? (method === 'POST' || method === 'PUT' || method === 'PATCH' ? {} : undefined);
    const response = await fetch(`${this.url}/_emulator${path}`, {
      method,
      ...(json === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(json) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    if (text !== '') {
      try {
        parsed = JSON.parse(text) as unknown;
      } catch {
        // Not JSON: keep the text for the error.
      }
    }
    if (!response.ok) throw new EmulatorControlError(method, path, response.status, parsed);
    return (text === '' ? undefined : parsed) as T;
  }

  /** Connects a client to a session with a client token, verified as the real service would. */
  join(sessionId: string, token: string, options: JoinOptions = {}): Promise<JoinResult> {
    return this.call('POST', `/sessions/${seg(sessionId)}/connections`, { token, ...options });
  }

  /** Publishes a stream from a connection (a `subscriber` cannot publish). */
  publish(sessionId: string, connectionId: string, options: PublishOptions = {}): Promise<PublishResult> {
    return this.call('POST', `/sessions/${seg(sessionId)}/connections/${seg(connectionId)}/streams`, options);
  }

  /** Stops publishing a stream. */
  async unpublish(sessionId: string, streamId: string): Promise<void> {
    await this.call('DELETE', `/sessions/${seg(sessionId)}/streams/${seg(streamId)}`);
  }

  /** The client leaves the session (its streams go with it). */
  async disconnect(sessionId: string, connectionId: string): Promise<void> {
    await this.call('DELETE', `/sessions/${seg(sessionId)}/connections/${seg(connectionId)}`);
  }

  /**
   * Recent REST requests, oldest first. Client tokens and passwords in them are `"[redacted]"`
   * unless `revealSecrets` is true (REST auth headers are never kept).
   */
  requests(options: { revealSecrets?: boolean } = {}): Promise<RequestLogEntry[]> {
    return this.call('GET', options.revealSecrets ? '/requests?reveal=secrets' : '/requests');
  }

  /** Empties the request log. */
  async clearRequests(): Promise<void> {
    await this.call('DELETE', '/requests');
  }

  /** Signals sent through the REST API. */
  signals(): Promise<SignalLogEntry[]> {
    return this.call('GET', '/signals');
  }

  /** DTMF digits played through the REST API. */
  dtmf(): Promise<DtmfLogEntry[]> {
    return this.call('GET', '/dtmf');
  }

  /** Everything the emulator holds (no secrets, no tokens). */
  state(): Promise<EmulatorState> {
    return this.call('GET', '/state');
  }

  /** Registers a fault for matching REST requests. */
  injectFault(spec: FaultSpec): Promise<{ id: string }> {
    return this.call('POST', '/faults', spec);
  }

  /** Registered faults with how many times each fired. */
  faults(): Promise<FaultInfo[]> {
    return this.call('GET', '/faults');
  }

  /** Removes every registered fault. */
  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/faults');
  }

  /** Forgets all state, logs and faults; the credentials stay valid. */
  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }
}
