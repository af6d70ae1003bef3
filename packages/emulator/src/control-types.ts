// Shapes exchanged with the control API (`/_emulator/...`), shared by the server and EmulatorControl.

/** The four roles a client token can carry. */
export type ClientRole = 'subscriber' | 'publisher' | 'publisheronly' | 'moderator';

/** Which client-token format a connection joined with. */
export type ClientTokenFormat = 't1' | 'opentok-jwt' | 'vonage-jwt';

/** Answer of a successful join: the new connection. */
export interface JoinResult {
  connectionId: string;
  role: ClientRole;
  /** The connection data: the token's `connection_data`, else the `data` given to join, else `''`. */
  data: string;
}

/** Options of a join. */
export interface JoinOptions {
  /** Connection data to use when the token carries none. */
  data?: string;
}

/** Options of a published stream. */
export interface PublishOptions {
  /** Default `'camera'`. */
  videoType?: 'camera' | 'screen' | 'custom';
  /** Default `''`. */
  name?: string;
  /** Default true. */
  hasAudio?: boolean;
  /** Default true. */
  hasVideo?: boolean;
  /** Default: the token's `initial_layout_class_list`, split on spaces. */
  layoutClassList?: string[];
}

/** Answer of a successful publish. */
export interface PublishResult {
  streamId: string;
}

/** How the REST call authenticated, decoded from its JWT (never the token itself). */
export interface RequestAuthInfo {
  scheme: 'bearer' | 'opentok';
  alg: string;
  claims: Record<string, unknown>;
}

/**
 * One REST request as it reached the emulator. By default the log hides client tokens and
 * passwords: JWT- and T1-shaped text anywhere in headers, query and body, and the values of
 * `token` and `password` keys (SIP `sip.auth.password` included) become `"[redacted]"`. Ask for
 * them with `GET /_emulator/requests?reveal=secrets` or `control.requests({ revealSecrets: true })`.
 * REST auth headers are never kept.
 */
export interface RequestLogEntry {
  /** Increasing number, in order of arrival. */
  seq: number;
  /** ISO 8601 time of arrival. */
  time: string;
  method: string;
  /** The path as sent, still percent-encoded, without the query string. */
  path: string;
  /** Query parameters, decoded; a repeated name gives an array. */
  query: Record<string, string | string[]>;
  /** Lower-cased header names; `authorization` and `x-opentok-auth` values are `"[redacted]"`. */
  headers: Record<string, string>;
  auth?: RequestAuthInfo;
  /** JSON body parsed; form fields for form-encoded bodies; raw text otherwise; null when empty. */
  body: unknown;
  /**
   * The body as it arrived, decoded as UTF-8 (`''` when empty or too large to keep). With secrets
   * hidden, a JSON or form body that had a `token` or `password` field is written back from `body`.
   */
  rawBody: string;
  /** The status answered; null while still pending or when the connection was dropped unanswered. */
  status: number | null;
  /** The ID of the injected fault that handled this request, if any. */
  fault?: string;
  /**
   * Why it failed, for a 4xx/5xx answer or a dropped connection: the `message` of the error body,
   * or which injected fault answered. Absent for a success (and while pending).
   */
  error?: string;
}

/** A signal sent through the REST API. */
export interface SignalLogEntry {
  seq: number;
  time: string;
  sessionId: string;
  /** The target connection, or null for a session-wide signal. */
  connectionId: string | null;
  type: string | undefined;
  data: string | undefined;
  /** The connections connected at the time that received it. */
  recipients: string[];
}

/** DTMF digits played through the REST API. */
export interface DtmfLogEntry {
  seq: number;
  time: string;
  sessionId: string;
  /** The target connection, or null when played to the whole session. */
  connectionId: string | null;
  digits: string;
}

/** What an injected fault does to a matching request. */
export type FaultAction =
  | {
      type: 'status';
      /** A final status, 200-599. */
      status: number;
      headers?: Record<string, string>;
      /** A string is sent as is; anything else as JSON. Default `{code: status, message}`. */
      body?: unknown;
      /** Default `application/json`, or `text/plain` for a string body. */
      contentType?: string;
    }
  /** Destroys the socket without any response. */
  | { type: 'drop' }
  /** Sends 200 headers with a Content-Length and part of a JSON body, then destroys the socket. */
  | { type: 'drop-mid-body' }
  /** Waits, then handles the request normally (or, with `afterHandling`, sends the real answer late). */
  | { type: 'delay'; ms: number }
  /** 200 with a JSON content type and a body that is not JSON. */
  | { type: 'malformed-json' }
  /** 200 with a JSON content type and an empty body. */
  | { type: 'empty' }
  /** An HTML error page as a proxy would send it. Default status 502. */
  | { type: 'html'; status?: number }
  /** An auth error whose `Date` header is `offsetSeconds` away from the real time. */
  | { type: 'date-skew'; status: 401 | 403; offsetSeconds: number };

/** Which requests a fault applies to, how often, and what it does. */
export interface FaultSpec {
  /** HTTP method, any case. Default: any. */
  method?: string;
  /**
   * Which request paths (as sent: percent-encoded, without the query) it applies to. Default: any.
   * - a literal path matches exactly that path: `'/session/create'`;
   * - a literal ending in `/` matches every path that starts with it: `'/v2/project/1234/archive/'`;
   * - a path with `*` is a glob over the whole path: `*` matches within one segment (never a `/`),
   *   `**` matches across segments. `'/v2/project/1234/archive/*'` matches any one archive; `**`
   *   followed by `/archive` matches every path that ends in `/archive`.
   *
   * At most 512 characters, starting with `/` or `**`. Regular expressions are not accepted: a
   * value that looks like one (`^…`, `…$`, a backslash, `(`, `[`, `{`, `|`, `?`, `.*`) is a 400.
   * The package README has a table of examples.
   */
  path?: string;
  /** How many matching requests it handles; 0 means until cleared. Default 1. */
  times?: number;
  /**
   * false (default): the request is not processed. true: it is processed normally (state changes),
   * then its answer is replaced by the fault.
   */
  afterHandling?: boolean;
  action: FaultAction;
}

/** A registered fault and how many times it fired. */
export interface FaultInfo extends Required<Omit<FaultSpec, 'method' | 'path'>> {
  id: string;
  method: string | null;
  path: string | null;
  fired: number;
  /** False once it has fired `times` times. */
  active: boolean;
}

/** A connection in {@link EmulatorState}. */
export interface ConnectionState {
  connectionId: string;
  role: ClientRole;
  data: string;
  /** What created it: a joined client, a SIP call, an Audio Connector or an Experience Composer. */
  kind: 'client' | 'sip' | 'websocket' | 'render';
  tokenFormat: ClientTokenFormat;
  createdAt: number;
}

/** A stream in {@link EmulatorState}. */
export interface StreamState {
  streamId: string;
  connectionId: string;
  videoType: 'camera' | 'screen' | 'custom';
  name: string;
  hasAudio: boolean;
  hasVideo: boolean;
  /** True once force-muted. */
  audioMuted: boolean;
  layoutClassList: string[];
  createdAt: number;
}

/** A session's migration state in {@link SessionState}. */
export interface MigrationState {
  /** A migration is in progress (another one asked for meanwhile is a 409, code 15214). */
  migrating: boolean;
  /** When the current or last migration started (ms since the epoch), or null. */
  startedAt: number | null;
  /** When the last migration completed, or null. */
  migratedAt: number | null;
  /** How many migrations have completed. */
  count: number;
}

/** A session in {@link EmulatorState}. */
export interface SessionState {
  sessionId: string;
  projectKey: string;
  mediaMode: 'routed' | 'relayed';
  archiveMode: 'manual' | 'always';
  e2ee: boolean;
  location: string | null;
  archiveName: string | null;
  archiveResolution: string | null;
  createdAt: number;
  forceMute: { active: boolean; excludedStreamIds: string[] };
  /** Session migration (`POST …/session/{id}/migrate`). */
  migration: MigrationState;
  connections: ConnectionState[];
  streams: StreamState[];
}

/** Everything the emulator holds, as `GET /_emulator/state` answers. No secrets or tokens. */
export interface EmulatorState {
  projects: { kind: 'opentok' | 'vonage'; key: string }[];
  sessions: SessionState[];
  /** API-shaped objects, each with the extra fields the API does not show (layout, deleted …). */
  archives: Record<string, unknown>[];
  broadcasts: Record<string, unknown>[];
  sipCalls: Record<string, unknown>[];
  audioConnectors: Record<string, unknown>[];
  renders: Record<string, unknown>[];
  captions: Record<string, unknown>[];
  callbacks: Record<string, unknown>[];
}

/**
 * A callback type, by its Application API name (`capabilities.video.webhooks.<type>`), as the
 * real service registers callbacks.
 */
export type CallbackType =
  | 'session_created'
  | 'session_destroyed'
  | 'session_notification'
  | 'connection_created'
  | 'connection_destroyed'
  | 'stream_created'
  | 'stream_destroyed'
  | 'archive_status'
  | 'broadcast_status'
  | 'sip_call_created'
  | 'sip_call_updated'
  | 'sip_call_destroyed'
  | 'sip_call_mute_forced'
  | 'render_status'
  | 'captions_status';

/** Where callbacks of one type go, as given to `registerCallback` or `startEmulator({ callbacks })`. */
export interface CallbackRegistrationInput {
  /** An http:// URL on loopback (or on a host in `allowedCallbackHosts`). */
  url: string;
  /** Default true. An inactive registration delivers nothing. */
  active?: boolean;
  /** The signature secret: callbacks are signed (`Authorization: Bearer <HS256 JWT>`) when set. */
  secret?: string;
}

/** A registration as the control API shows it: never the secret itself. */
export interface CallbackRegistrationInfo {
  type: CallbackType;
  url: string;
  active: boolean;
  /** Whether a signature secret is set. */
  signed: boolean;
}

/** One attempt to deliver a callback. */
export interface CallbackAttempt {
  /** ISO 8601 time the attempt started. */
  time: string;
  /** The receiver's status code, or null when no response came (network error, timeout, cancel). */
  status: number | null;
  /** Why the attempt failed, when it did. */
  error?: string;
  /** The start of the receiver's answer (at most 1 KiB of text). */
  responseBody?: string;
}

/**
 * Where a delivery stands: `pending` (waiting for an attempt or a retry), `delivered` (a 2xx),
 * `failed` (attempts or time exhausted), `refused` (its URL is not on an allowed host: never
 * sent) or `cancelled` (the emulator stopped or was reset first).
 */
export type CallbackDeliveryStatus = 'pending' | 'delivered' | 'failed' | 'refused' | 'cancelled';

/** One callback the emulator sends (or sent), with its attempts. */
export interface CallbackDelivery {
  /** Increasing number, in order of the events. */
  seq: number;
  id: string;
  type: CallbackType;
  /** The payload's `event` value, or the family (`broadcast`, `render`, `captions`) of one that has none. */
  event: string;
  /** The session the event belongs to, when it has one. */
  sessionId: string | null;
  url: string;
  /**
   * What the URL came from: a registration of the type, a legacy `/callback` registration, or a
   * request's `statusCallbackUrl`.
   */
  source: 'registration' | 'legacy' | 'statusCallbackUrl';
  /** Whether it carries `Authorization: Bearer <JWT>`; then `jti` is the token's ID. */
  signed: boolean;
  jti: string | null;
  /** The body exactly as sent. */
  body: string;
  /** The body, parsed. */
  payload: Record<string, unknown>;
  status: CallbackDeliveryStatus;
  attempts: CallbackAttempt[];
  /** A copy sent on purpose by the `duplicates` option (same body, same token). */
  duplicate: boolean;
  /** Why it was refused, gave up or was cancelled. */
  error?: string;
  /** ISO 8601 time of the event. */
  createdAt: string;
}

/** What `waitForCallback` waits for; every given field must match. */
export interface WaitForCallbackOptions {
  type?: CallbackType;
  /** The payload's `event` (or family, see {@link CallbackDelivery.event}). */
  event?: string;
  sessionId?: string;
  /** Top-level payload fields that must be equal, e.g. `{ status: 'available' }`. */
  payload?: Record<string, string | number | boolean | null>;
  /** Which outcome to wait for. Default `'settled'`: any status but `pending`. */
  status?: CallbackDeliveryStatus | 'settled';
  /** Only deliveries with a `seq` above this (e.g. the last one seen before an action). Default 0. */
  after?: number;
  /** Default 10 000 ms. */
  timeoutMs?: number;
}

/** The SIP call states of a `callUpdated` callback. */
export type SipCallState = 'DIALING' | 'RINGING' | 'ON_HOLD' | 'ACTIVE' | 'HANGUP';
