import type { VideoClient } from '@video/core';
import {
  asObject,
  callOptions,
  checkId,
  lazy,
  operationSchema,
  parseOptions,
  projectPath,
  readDate,
  readId,
  readOwner,
  readString,
  strictObject,
  type OperationOptions,
  type OptionsOf,
  type Raw,
} from '@video/core/toolkit';
import * as z from 'zod/mini';
import { headerNameSchema, headersSchema, headerTextSchema } from './checks.js';

/** Custom INVITE headers: token-character names that start with `X-`. */
const sipHeaderName = () => headerNameSchema().check(z.regex(/^x-./i, { error: 'custom SIP header names must start with "X-"' }));

const sipAuthShape = /* @__PURE__ */ lazy(() => ({
  /** The digest user name (no line breaks or other control characters). */
  username: headerTextSchema(),
  /** The digest password; the reference requires only the user name. */
  password: z.optional(z.string()),
}));

/** Digest authentication for the SIP server that {@link dial} calls. */
export type SipAuth = OptionsOf<typeof sipAuthShape>;

const dialShape = /* @__PURE__ */ lazy(() => ({
  /** A client token for the session; its connection data labels the SIP participant. */
  token: z.string().check(z.minLength(1)),
  /** The SIP URI to call, e.g. `sip:user@sip.example.com;transport=tls` (TLS secures signalling only). */
  uri: z.string().check(z.minLength(1), z.regex(/^sips?:\S+$/i, { error: 'must be a SIP URI such as sip:user@example.com' })),
  /** Caller ID, e.g. `'+15551234567'` or `'from@example.com'`. A leading number is shown on PSTN phones. */
  from: z.optional(headerTextSchema()),
  /** Custom SIP INVITE headers; every name must start with `X-`, no value may contain a line break. */
  headers: z.optional(headersSchema(sipHeaderName())),
  /** Digest authentication for the SIP server. */
  auth: z.optional(strictObject(sipAuthShape())),
  /** Encrypt the media. Default false. */
  secure: z.optional(z.boolean()),
  /** The SIP endpoint's video joins the session, and it receives one composed video. Default false. */
  video: z.optional(z.boolean()),
  /** Force-mute applies to the call (the caller can press `*6` to toggle). Default false. */
  observeForceMute: z.optional(z.boolean()),
  /** Stream IDs the SIP endpoint receives. Default: all streams. */
  streams: z.optional(z.readonly(z.array(z.string().check(z.minLength(1))))),
  /**
   * The call survives a session migration (see `migrateSession` in `@video/sessions`), with a brief
   * silence, instead of being disconnected. Sent as a top-level `sessionMigration` field of the
   * request body: the Vonage guide names the field but the API reference does not document it, so
   * that placement is this SDK's reading, not confirmed.
   */
  sessionMigration: z.optional(z.boolean()),
}));
const dialSchema = /* @__PURE__ */ lazy(() => operationSchema(dialShape()));

/** Options of {@link dial}. */
export type DialOptions = OperationOptions<typeof dialShape>;

/** A SIP call placed into a session. */
export interface SipCall {
  /** The call ID. */
  id: string;
  /** The SIP participant's connection; force-disconnect it to hang up. */
  connectionId: string;
  /** The stream the SIP participant publishes. */
  streamId: string | undefined;
  /** The session the call joined. */
  sessionId: string;
  /** Set on Vonage-credential responses. */
  applicationId?: string;
  /** Set on OpenTok-credential responses. */
  projectId?: string;
  /** When the call was placed, if the API said so. */
  createdAt: Date | undefined;
  /** When the call last changed, if the API said so. */
  updatedAt: Date | undefined;
}

/**
 * Reads a SIP call from the API. Throws an `InvalidResponseError` naming `operation` when it has
 * no `id`; a missing `sessionId` is taken from `sessionId`, the one the call was placed into.
 */
function toSipCall(raw: Raw, operation = 'toSipCall', sessionId = '', response?: { status: number; requestId?: string }): SipCall {
  return {
    id: readId(raw, 'id', operation, response),
    connectionId: readString(raw, 'connectionId') ?? '',
    streamId: readString(raw, 'streamId'),
    sessionId: readString(raw, 'sessionId') ?? sessionId,
    ...readOwner(raw),
    createdAt: readDate(raw, 'createdAt'),
    updatedAt: readDate(raw, 'updatedAt'),
  };
}

/**
 * Dials a SIP URI and joins the call to a routed session as a new connection that publishes a
 * stream. Hang up by force-disconnecting the call's `connectionId`.
 *
 * Errors: `VideoValidationError` (bad options, before any request); `ConflictError` (409) for a
 * relayed session; `NotFoundError` (404) for an unknown session; `InvalidRequestError` (400) for a
 * request the API rejects (an invalid token, say); `InvalidResponseError` when a 2xx answer lacks
 * the call's `id`.
 *
 * Never retried after an ambiguous failure (timeout, dropped connection, 5xx), so a failed call
 * cannot ring a phone twice; 429, 503 and a 500 with API code `-1` ("unable to allocate a media
 * server", documented as not carried out) are retried with backoff.
 */
export async function dial(client: VideoClient, sessionId: string, options: DialOptions): Promise<SipCall> {
  const o = parseOptions(dialSchema(), options);
  const session = checkId(sessionId, 'sessionId');
  // The `sip` object of §5.9: only the options given (unset ones are undefined, so left out).
  const sip = {
    uri: o.uri,
    from: o.from,
    headers: o.headers,
    auth: o.auth && { username: o.auth.username, password: o.auth.password },
    secure: o.secure,
    video: o.video,
    observeForceMute: o.observeForceMute,
    streams: o.streams,
  };
  const path = projectPath(client, 'dial');
  const res = await client.request({
    operation: 'dial',
    method: 'POST',
    path,
    json: { sessionId: session, token: o.token, sessionMigration: o.sessionMigration, sip },
    idempotent: false,
    // 500 with code -1: "unable to allocate a media server, retry with backoff" (no call was placed).
    notCarriedOutCodes: [-1],
    ...callOptions(o),
  });
  return toSipCall(asObject(res.body), 'dial', session, res);
}
