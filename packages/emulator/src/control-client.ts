import type {
  CallbackDelivery,
  CallbackRegistrationInfo,
  CallbackRegistrationInput,
  CallbackType,
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
  SipCallState,
  WaitForCallbackOptions,
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

  /**
   * Forgets all state, logs and faults, cancels pending callbacks and empties the delivery log;
   * the credentials, and the callback registrations the emulator started with, stay.
   */
  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }

  // ── Callbacks ─────────────────────────────────────────────────────────────────────────────

  /**
   * Registers (or replaces) where callbacks of `type` go, as the Application API's
   * `capabilities.video.webhooks.<type>` does, with the signature secret the dashboard would
   * hold. The URL must be on loopback unless its host is in `allowedCallbackHosts` (else 400).
   */
  registerCallback(type: CallbackType, registration: CallbackRegistrationInput): Promise<CallbackRegistrationInfo> {
    return this.call('PUT', `/callback-registrations/${seg(type)}`, registration);
  }

  /** Removes the registration of `type` (404 when there is none). */
  async unregisterCallback(type: CallbackType): Promise<void> {
    await this.call('DELETE', `/callback-registrations/${seg(type)}`);
  }

  /**
   * The callback registrations by type (never their secrets). The legacy `/callback`
   * registrations of OpenTok projects are in `state().callbacks`.
   */
  callbackRegistrations(): Promise<CallbackRegistrationInfo[]> {
    return this.call('GET', '/callback-registrations');
  }

  /** Every callback sent or being sent, oldest first, with its status, attempts and response codes. */
  deliveries(): Promise<CallbackDelivery[]> {
    return this.call('GET', '/deliveries');
  }

  /** Empties the delivery log (what is pending is cancelled). */
  async clearDeliveries(): Promise<void> {
    await this.call('DELETE', '/deliveries');
  }

  /**
   * Waits for a callback delivery matching `options` (by default: settled, i.e. delivered,
   * failed or refused) and resolves with it; rejects after `timeoutMs` (default 10 s), saying
   * what it waited for. Polls the delivery log.
   */
  async waitForCallback(options: WaitForCallbackOptions = {}): Promise<CallbackDelivery> {
    const { timeoutMs = 10_000, status = 'settled', after = 0 } = options;
    const deadline = Date.now() + timeoutMs;
    const matches = (d: CallbackDelivery): boolean =>
      d.seq > after &&
      (options.type === undefined || d.type === options.type) &&
      (options.event === undefined || d.event === options.event) &&
      (options.sessionId === undefined || d.sessionId === options.sessionId) &&
      Object.entries(options.payload ?? {}).every(([key, value]) => d.payload[key] === value) &&
      (status === 'settled' ? d.status !== 'pending' : d.status === status);
    for (;;) {
      const found = (await this.deliveries()).find(matches);
      if (found) return found;
      if (Date.now() >= deadline) {
        const { timeoutMs: _t, ...what } = options;
        throw new Error(`No callback delivery matched ${JSON.stringify({ ...what, status })} within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Sends the `sessionNotification` callback of a coming media-server rotation. */
  async sessionNotification(sessionId: string): Promise<void> {
    await this.call('POST', `/sessions/${seg(sessionId)}/notification`);
  }

  /**
   * Sends a `sessionDestroyed` callback with `reason` (default `serverRotation`; or
   * `forceDisconnected`, a media-router failure). The session's state is unchanged.
   */
  async sessionDestroyed(sessionId: string, options: { reason?: 'serverRotation' | 'forceDisconnected' } = {}): Promise<void> {
    await this.call('POST', `/sessions/${seg(sessionId)}/destroyed`, options);
  }

  /** Fails a started broadcast (a node failure): it ends, and its callback says `failed`. */
  async failBroadcast(broadcastId: string, options: { reason?: string } = {}): Promise<void> {
    await this.call('POST', `/broadcasts/${seg(broadcastId)}/fail`, options);
  }

  /** Fails an Experience Composer render: it turns `failed` and leaves the session. */
  async failRender(renderId: string, options: { reason?: string } = {}): Promise<void> {
    await this.call('POST', `/renders/${seg(renderId)}/fail`, options);
  }

  /** Fails live captions (an engine fault): they turn `failed`. */
  async failCaptions(captionsId: string, options: { reason?: string } = {}): Promise<void> {
    await this.call('POST', `/captions/${seg(captionsId)}/fail`, options);
  }

  /** Sends a SIP call's `callUpdated` with `state`; `HANGUP` also ends the call (`callDestroyed`). */
  async sipCallState(callId: string, state: SipCallState): Promise<void> {
    await this.call('POST', `/sip-calls/${seg(callId)}/state`, { state });
  }
}
