import {
  asObject,
  callOptions,
  checkId,
  checkBoolean,
  checkKeys,
  checkObject,
  checkString,
  checkStringArray,
  optional,
  projectPath,
  readNumber,
  readOwner,
  readString,
  VideoValidationError,
  type CallOptions,
  type VideoClient,
} from '@video/core';
import { checkHeaderText, checkHeaders } from './checks.js';

/** Digest authentication for the SIP server that {@link dial} calls. */
export interface SipAuth {
  username: string;
  password?: string;
}

/** Options of {@link dial}. */
export interface DialOptions extends CallOptions {
  /** A client token for the session; its connection data labels the SIP participant. */
  token: string;
  /** The SIP URI to call, e.g. `sip:user@sip.example.com;transport=tls` (TLS secures signalling only). */
  uri: string;
  /** Caller ID, e.g. `'+15551234567'` or `'from@example.com'`. A leading number is shown on PSTN phones. */
  from?: string;
  /** Custom SIP INVITE headers; every name must start with `X-`. */
  headers?: Record<string, string>;
  /** Digest authentication for the SIP server. */
  auth?: SipAuth;
  /** Encrypt the media. Default false. */
  secure?: boolean;
  /** The SIP endpoint's video joins the session, and it receives one composed video. Default false. */
  video?: boolean;
  /** Force-mute applies to the call (the caller can press `*6` to toggle). Default false. */
  observeForceMute?: boolean;
  /** Stream IDs the SIP endpoint receives. Default: all streams. */
  streams?: readonly string[];
}

/** A SIP call placed into a session. */
export interface SipCall {
  /** The call ID. */
  id: string;
  /** The SIP participant's connection; force-disconnect it to hang up. */
  connectionId: string;
  /** The stream the SIP participant publishes. */
  streamId: string | undefined;
  sessionId: string;
  /** Set on Vonage-credential responses. */
  applicationId?: string;
  /** Set on OpenTok-credential responses. */
  projectId?: string;
  createdAt: Date | undefined;
  updatedAt: Date | undefined;
}

const KEYS = ['token', 'uri', 'from', 'headers', 'auth', 'secure', 'video', 'observeForceMute', 'streams'];

function readHeaders(value: unknown): Record<string, string> {
  const headers = checkHeaders(value, 'headers');
  for (const name of Object.keys(headers)) {
    if (!/^x-./i.test(name)) throw new VideoValidationError(`headers.${name}`, 'custom SIP header names must start with "X-"');
  }
  return headers;
}

function readAuth(value: unknown): SipAuth {
  const a = checkObject(value, 'auth');
  checkKeys(a, 'auth', ['username', 'password']);
  const auth: SipAuth = { username: checkHeaderText(a.username, 'auth.username') };
  const password = optional(a.password, (v) => checkString(v, 'auth.password', { min: 0 }));
  if (password !== undefined) auth.password = password;
  return auth;
}

/** The `sip` object of the request body (§5.9): only the options given, in their wire form. */
function readSip(o: DialOptions): Record<string, unknown> {
  return {
    uri: checkString(o.uri, 'uri', { pattern: /^sips?:\S+$/i, patternHint: 'must be a SIP URI such as sip:user@example.com' }),
    from: optional(o.from, (v) => checkHeaderText(v, 'from')),
    headers: optional(o.headers, readHeaders),
    auth: optional(o.auth, readAuth),
    secure: optional(o.secure, (v) => checkBoolean(v, 'secure')),
    video: optional(o.video, (v) => checkBoolean(v, 'video')),
    observeForceMute: optional(o.observeForceMute, (v) => checkBoolean(v, 'observeForceMute')),
    streams: optional(o.streams, (v) => checkStringArray(v, 'streams')),
  };
}

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

/**
 * Dials a SIP URI and joins the call to a routed session as a new connection that publishes a
 * stream. Throws a `ConflictError` for a relayed session and a `NotFoundError` for an unknown one.
 * Never retried after an ambiguous failure (timeout, dropped connection, 5xx), so a failed call
 * cannot ring a phone twice.
 */
export async function dial(client: VideoClient, sessionId: string, options: DialOptions): Promise<SipCall> {
  const call = callOptions(checkObject(options, 'options'), KEYS);
  const json = {
    sessionId: checkId(sessionId, 'sessionId'),
    token: checkString(options.token, 'token'),
    sip: readSip(options),
  };
  const res = await client.request({
    operation: 'dial',
    method: 'POST',
    path: projectPath(client, 'dial'),
    json,
    idempotent: false,
    ...call,
  });
  const raw = asObject(res.body);
  return {
    id: readString(raw, 'id') ?? '',
    connectionId: readString(raw, 'connectionId') ?? '',
    streamId: readString(raw, 'streamId'),
    sessionId: readString(raw, 'sessionId') ?? json.sessionId,
    ...readOwner(raw),
    createdAt: date(readNumber(raw, 'createdAt')),
    updatedAt: date(readNumber(raw, 'updatedAt')),
  };
}
