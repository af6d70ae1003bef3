// Delivery of callbacks: one record per (event, URL), signed once, POSTed over node:http with
// retries on a timer. Nothing here can slow or fail the REST call that caused the event: `send`
// only records and schedules, every promise is caught, and `stop()` cancels everything pending.
import { randomUUID, createHash } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SignJWT } from 'jose';
import type {
  CallbackAttempt,
  CallbackDelivery,
  CallbackRegistrationInfo,
  CallbackRegistrationInput,
  CallbackType,
} from '../control-types.js';
import type { Project } from '../projects.js';
import { Timers } from '../timers.js';
import { callbackUrlProblem, loopbackLookup, type CallbackHosts } from './hosts.js';

/** The retry schedule: exponential backoff from `initialDelayMs`, doubling up to `maxDelayMs`. */
export interface RetrySettings {
  /** Attempts in all, the first included. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** No retry starts later than this after the event. */
  maxElapsedMs: number;
  /** How long one attempt may take before it counts as failed. */
  timeoutMs: number;
}

export interface Registration {
  url: string;
  active: boolean;
  secret: string | undefined;
}

export interface DispatcherSettings {
  registrations: ReadonlyMap<CallbackType, Registration>;
  retry: RetrySettings;
  allowedHosts: CallbackHosts;
  /** Send every callback twice (same body, same token), as the service may. */
  duplicates: boolean;
  /** Stopped archives end `uploaded`, and their `uploaded` callback comes before the `stopped` one. */
  uploadedBeforeStopped: boolean;
}

/** One target of an event: a URL, where it came from, and the secret to sign with. */
export interface Target {
  url: string;
  source: CallbackDelivery['source'];
  secret: string | undefined;
}

interface Record_ extends CallbackDelivery {
  token: string | undefined;
  started: number;
}

const LOG_LIMIT = 5000;
const READ_LIMIT = 64 * 1024;
const KEPT_RESPONSE = 1024;

/** The family or `event` of a payload, for the log. */
function eventName(type: CallbackType, payload: Record<string, unknown>): string {
  if (typeof payload['event'] === 'string') return payload['event'];
  return type.replace(/_status$/, '');
}

/** Sends callbacks and keeps a log of them. */
export class CallbackDispatcher {
  readonly registrations = new Map<CallbackType, Registration>();
  private readonly log: Record_[] = [];
  private readonly timers = new Timers();
  private readonly chains = new Map<string, Promise<void>>();
  private controller = new AbortController();
  private seq = 0;
  private stopped = false;

  constructor(readonly settings: DispatcherSettings) {
    this.restoreRegistrations();
  }

  private restoreRegistrations(): void {
    this.registrations.clear();
    for (const [type, registration] of this.settings.registrations) this.registrations.set(type, { ...registration });
  }

  /** Why `url` cannot be a callback URL, or undefined. */
  urlProblem(url: string): string | undefined {
    return callbackUrlProblem(url, this.settings.allowedHosts);
  }

  register(type: CallbackType, input: CallbackRegistrationInput): CallbackRegistrationInfo {
    const registration: Registration = { url: input.url, active: input.active ?? true, secret: input.secret };
    this.registrations.set(type, registration);
    return infoOf(type, registration);
  }

  unregister(type: CallbackType): boolean {
    return this.registrations.delete(type);
  }

  listRegistrations(): CallbackRegistrationInfo[] {
    return [...this.registrations].map(([type, r]) => infoOf(type, r));
  }

  /** The registered target of `type`, when active. */
  registered(type: CallbackType): Target | undefined {
    const r = this.registrations.get(type);
    return r?.active ? { url: r.url, source: 'registration', secret: r.secret } : undefined;
  }

  /** The secret registered for `type`, active or not: a per-request URL is signed with it. */
  secretOf(type: CallbackType): string | undefined {
    return this.registrations.get(type)?.secret;
  }

  /**
   * Queues the callback `payload` of `type` to each target. Returns at once: the body is signed
   * and sent later, first attempts in event order per receiver.
   */
  send(project: Project, type: CallbackType, payload: Record<string, unknown>, targets: readonly Target[]): void {
    if (this.stopped || targets.length === 0) return;
    const body = JSON.stringify(payload);
    const sessionId = typeof payload['sessionId'] === 'string' ? payload['sessionId'] : null;
    for (const target of targets) {
      const copies = this.settings.duplicates ? 2 : 1;
      let original: Record_ | undefined;
      for (let copy = 0; copy < copies; copy += 1) {
        const record: Record_ = {
          seq: ++this.seq,
          id: randomUUID(),
          type,
          event: eventName(type, payload),
          sessionId,
          url: target.url,
          source: target.source,
          signed: target.secret !== undefined,
          jti: null,
          body,
          payload,
          status: 'pending',
          attempts: [],
          duplicate: copy > 0,
          createdAt: new Date().toISOString(),
          token: undefined,
          started: Date.now(),
        };
        this.keep(record);
        const problem = this.urlProblem(target.url);
        if (problem !== undefined) {
          record.status = 'refused';
          record.error = `not sent: the URL ${problem}`;
          continue;
        }
        const first = original;
        original ??= record;
        this.enqueue(record.url, async () => {
          if (first) {
            record.token = first.token;
            record.jti = first.jti;
          } else if (target.secret !== undefined) {
            record.jti = randomUUID();
            record.token = await sign(project, body, target.secret, record.jti);
          }
          await this.attempt(record);
        });
      }
    }
  }

  private keep(record: Record_): void {
    this.log.push(record);
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
  }

  /**
   * Runs `work` after the work queued before it for the same receiver (scheme, host and port):
   * first attempts reach one receiver in the order of the events, whatever their paths.
   */
  private enqueue(url: string, work: () => Promise<void>): void {
    const key = new URL(url).origin;
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => (this.stopped ? undefined : work())).catch(() => undefined);
    this.chains.set(key, next);
    void next.then(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  private async attempt(record: Record_): Promise<void> {
    if (record.status !== 'pending') return;
    const attempt: CallbackAttempt = { time: new Date().toISOString(), status: null };
    record.attempts.push(attempt);
    try {
      const { status, text } = await this.post(record);
      attempt.status = status;
      if (text) attempt.responseBody = text;
      if (status >= 200 && status < 300) {
        if (record.status === 'pending') record.status = 'delivered';
        return;
      }
      attempt.error = status >= 300 && status < 400 ? `answered ${status}: redirects are not followed` : `answered ${status}`;
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
    }
    if (record.status !== 'pending') return;
    const { retry } = this.settings;
    const n = record.attempts.length;
    const delay = Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** (n - 1));
    if (n >= retry.attempts) {
      record.status = 'failed';
      record.error = `gave up after ${n} attempt${n === 1 ? '' : 's'}`;
    } else if (Date.now() + delay - record.started > retry.maxElapsedMs) {
      record.status = 'failed';
      record.error = `gave up after ${n} attempt${n === 1 ? '' : 's'}: the next retry would start after maxElapsedMs`;
    } else {
      this.timers.set(() => void this.attempt(record).catch(() => undefined), delay);
    }
  }

  /** One POST: resolves with the status and the start of the answer; never follows a redirect. */
  private post(record: Record_): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const url = new URL(record.url);
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(record.body)),
        'User-Agent': 'video-emulator-callbacks',
      };
      if (record.token) headers['Authorization'] = `Bearer ${record.token}`;
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(url, {
        method: 'POST',
        headers,
        lookup: loopbackLookup(this.settings.allowedHosts),
        signal: this.controller.signal,
        agent: false,
      });
      const timer = this.timers.set(() => req.destroy(new Error(`no answer within ${this.settings.retry.timeoutMs} ms`)), this.settings.retry.timeoutMs);
      const done = (): void => this.timers.clear(timer);
      req.on('error', (error) => {
        done();
        reject(error);
      });
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = (): void => {
          done();
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8').slice(0, KEPT_RESPONSE) });
        };
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= READ_LIMIT) chunks.push(chunk);
          else {
            // Enough read: the status is what counts.
            res.removeAllListeners('data');
            res.destroy();
            finish();
          }
        });
        res.on('end', finish);
        res.on('error', () => finish());
      });
      req.end(record.body);
    });
  }

  /** The log, oldest first, without the tokens. */
  list(): CallbackDelivery[] {
    return this.log.map(({ token: _token, started: _started, ...view }) => ({ ...view, attempts: view.attempts.map((a) => ({ ...a })) }));
  }

  private cancelPending(reason: string): void {
    for (const record of this.log) {
      if (record.status === 'pending') {
        record.status = 'cancelled';
        record.error = reason;
      }
    }
    this.timers.clearAll();
    this.controller.abort();
    this.controller = new AbortController();
  }

  /** Empties the log; what is pending is cancelled. */
  clearLog(): void {
    this.cancelPending('cancelled: the delivery log was cleared');
    this.log.length = 0;
  }

  /** Cancels what is pending, empties the log and restores the registrations the emulator started with. */
  reset(): void {
    this.cancelPending('cancelled: the emulator was reset');
    this.log.length = 0;
    this.restoreRegistrations();
  }

  /** Cancels everything pending and sends nothing more. */
  stop(): void {
    this.stopped = true;
    this.cancelPending('cancelled: the emulator stopped');
  }
}

function infoOf(type: CallbackType, r: Registration): CallbackRegistrationInfo {
  return { type, url: r.url, active: r.active, signed: r.secret !== undefined };
}

/**
 * The callback JWT (callbacks.md §2.3): HS256 `{iat, jti, iss: "Vonage", payload_hash, api_key |
 * application_id}`, where `payload_hash` is the hex SHA-256 of the exact body sent.
 */
async function sign(project: Project, body: string, secret: string, jti: string): Promise<string> {
  const claims: Record<string, unknown> = {
    payload_hash: createHash('sha256').update(body).digest('hex'),
    ...(project.kind === 'opentok' ? { api_key: project.key } : { application_id: project.key }),
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setJti(jti)
    .setIssuer('Vonage')
    .sign(new TextEncoder().encode(secret));
}
