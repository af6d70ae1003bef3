import {
  asObject,
  callOptions,
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

/** Options of {@link dial}. */
export interface DialOptions extends CallOptions {
  /** A client token for the session; its connection data labels the SIP participant. */
  token: string;
  /** The SIP URI to call, e.g. `sip:user@sip.example.com;transport=tls`. */
  uri: string;
  /** Caller ID. A leading number is shown on PSTN phones. */
  from?: string;
  /** Custom SIP INVITE headers; names must start with `X-`. */
  headers?: Record<string, string>;
  /** Digest authentication for the SIP server. */
  auth?: { username: string; password?: string };
  /** Encrypt the media. Default false. */
  secure?: boolean;
  /** Send and receive video. Default false. */
  video?: boolean;
  /** Let force-mute apply to the call (the caller can press *6 to toggle). Default false. */
  observeForceMute?: boolean;
  /** Only these streams are sent to the SIP endpoint. Default: all. */
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
  sessionId: string | undefined;
  applicationId?: string;
  projectId?: string;
  createdAt: Date | undefined;
}

const KEYS = ['token', 'uri', 'from', 'headers', 'auth', 'secure', 'video', 'observeForceMute', 'streams'];

function readSip(o: DialOptions): Record<string, unknown> {
  let headers: Record<string, string> | undefined;
  if (o.headers !== undefined) {
    headers = {};
    for (const [name, value] of Object.entries(checkObject(o.headers, 'headers'))) {
      if (!/^x-[!#$%&'*+.^_`|~0-9a-z-]+$/i.test(name)) {
        throw new VideoValidationError(`headers.${name}`, 'custom SIP header names must start with "X-"');
      }
      headers[name] = checkString(value, `headers.${name}`, { min: 0 });
    }
  }
  let auth: { username: string; password?: string } | undefined;
  if (o.auth !== undefined) {
    const a = checkObject(o.auth, 'auth');
    checkKeys(a, 'auth', ['username', 'password']);
    auth = { username: checkString(a.username, 'auth.username') };
    const password = optional(a.password, (v) => checkString(v, 'auth.password', { min: 0 }));
    if (password !== undefined) auth.password = password;
  }
  return {
    uri: checkString(o.uri, 'uri', { pattern: /^sips?:\S+$/i, patternHint: 'must be a SIP URI such as sip:user@example.com' }),
    from: optional(o.from, (v) => checkString(v, 'from')),
    headers,
    auth,
    secure: optional(o.secure, (v) => checkBoolean(v, 'secure')),
    video: optional(o.video, (v) => checkBoolean(v, 'video')),
    observeForceMute: optional(o.observeForceMute, (v) => checkBoolean(v, 'observeForceMute')),
    streams: optional(o.streams, (v) => checkStringArray(v, 'streams')),
  };
}

/**
 * Dials a SIP URI and joins the call to a routed session as a new connection. Not retried after
 * an ambiguous failure, so a failed call cannot ring a phone twice.
 */
export async function dial(client: VideoClient, sessionId: string, options: DialOptions): Promise<SipCall> {
  const call = callOptions(checkObject(options, 'options'), KEYS);
  const json = {
    sessionId: checkString(sessionId, 'sessionId'),
    token: checkString(options.token, 'token'),
    sip: readSip(options),
  };
  const res = await client.request({ operation: 'dial', method: 'POST', path: projectPath(client, 'dial'), json, ...call });
  const raw = asObject(res.body);
  const created = readNumber(raw, 'createdAt');
  return {
    id: readString(raw, 'id') ?? '',
    connectionId: readString(raw, 'connectionId') ?? '',
    streamId: readString(raw, 'streamId'),
    sessionId: readString(raw, 'sessionId') ?? json.sessionId,
    ...readOwner(raw),
    createdAt: created === undefined ? undefined : new Date(created),
  };
}
