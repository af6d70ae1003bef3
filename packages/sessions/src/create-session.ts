import { decodeSessionId } from '@video/auth';
import type { Resolution, VideoClient } from '@video/core';
import {
  asObject,
  callOptions,
  hostPath,
  operationSchema,
  lazy,
  parseOptions,
  readId,
  readString,
  resolutionSchema,
  type OperationOptions,
  type ParsedOptionsOf,
} from '@video/core/toolkit';
import * as z from 'zod/mini';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

const createSessionShape = /* @__PURE__ */ lazy(() => ({
  /**
   * `'routed'`: media goes through Vonage's media servers (needed for archiving, broadcasts,
   * SIP, captions, moderation). `'relayed'` (default, as in the OpenTok SDKs): clients connect
   * peer to peer when they can.
   */
  mediaMode: z.optional(z.enum(['relayed', 'routed'])),
  /** `'always'` records the session automatically (routed sessions only). Default `'manual'`. */
  archiveMode: z.optional(z.enum(['manual', 'always'])),
  /** An IPv4 address hinting where to place the session's media server. */
  location: z.optional(z.string().check(z.regex(IPV4, { error: 'must be an IPv4 address such as 10.1.1.1' }))),
  /** End-to-end encryption (routed sessions only, not with `archiveMode: 'always'`). */
  e2ee: z.optional(z.boolean()),
  /** Name of the automatic archives (1–80 characters; `archiveMode: 'always'` only). */
  archiveName: z.optional(z.string().check(z.minLength(1), z.maxLength(80))),
  /** Resolution of the automatic archives (`archiveMode: 'always'` only). */
  archiveResolution: z.optional(resolutionSchema()),
}));
type Parsed = ParsedOptionsOf<typeof createSessionShape>;

const rule = (ok: (o: Parsed) => boolean, field: keyof Parsed, message: string) => z.refine<Parsed>(ok, { message, path: [field] });

const createSessionSchema = /* @__PURE__ */ lazy(() =>
  operationSchema(createSessionShape()).check(
    rule((o) => o.archiveMode !== 'always' || o.mediaMode === 'routed', 'archiveMode', "'always' needs mediaMode: 'routed'"),
    rule((o) => !o.e2ee || o.mediaMode === 'routed', 'e2ee', "needs mediaMode: 'routed'"),
    rule((o) => !o.e2ee || o.archiveMode !== 'always', 'e2ee', "cannot be combined with archiveMode: 'always'"),
    rule((o) => o.archiveMode === 'always' || o.archiveName === undefined, 'archiveName', "is allowed only with archiveMode: 'always'"),
    rule((o) => o.archiveMode === 'always' || o.archiveResolution === undefined, 'archiveResolution', "is allowed only with archiveMode: 'always'"),
  ),
);

/** Options of {@link createSession}. */
export type CreateSessionOptions = OperationOptions<typeof createSessionShape>;
/** How media flows: `'routed'` through the media servers, or `'relayed'` peer to peer. */
export type MediaMode = NonNullable<CreateSessionOptions['mediaMode']>;
/** `'manual'` (start archives yourself) or `'always'` (the session is recorded automatically). */
export type ArchiveMode = NonNullable<CreateSessionOptions['archiveMode']>;

/** A created session: its ID plus the settings it was created with. */
export interface Session {
  /** Store it: sessions never expire and every other call needs it. */
  sessionId: string;
  /** `'routed'` or `'relayed'`, as created. */
  mediaMode: MediaMode;
  /** `'manual'` or `'always'`, as created. */
  archiveMode: ArchiveMode;
  /** The location hint given, if any. */
  location: string | undefined;
  /** Whether end-to-end encryption is on. */
  e2ee: boolean;
  /** The name of the automatic archives, if given. */
  archiveName: string | undefined;
  /** The resolution of the automatic archives, if given. */
  archiveResolution: Resolution | undefined;
  /** When the API created it, if it said so (else read from the session ID). */
  createdAt: Date | undefined;
  /** The media server the session was placed on, if the API said so. */
  mediaServerUrl: string | undefined;
}

/**
 * Creates a session (`POST /session/create`, form-encoded). Sessions are free, never expire and
 * cannot be deleted; create one per meeting and store its ID. The API's JSON array answer is
 * reduced to one plain {@link Session}.
 */
export async function createSession(client: VideoClient, options: CreateSessionOptions = {}): Promise<Session> {
  const parsed = parseOptions(createSessionSchema(), options);
  const o = { ...parsed, mediaMode: parsed.mediaMode ?? 'relayed', archiveMode: parsed.archiveMode ?? 'manual' };
  const path = hostPath(client, 'session', 'create');
  const res = await client.request<unknown>({
    operation: 'createSession',
    method: 'POST',
    path,
    // Unset options are left out (never `location=null`); the mode is always explicit because the
    // API's own default (routed) differs from this SDK's (relayed).
    form: {
      archiveMode: o.archiveMode,
      archiveName: o.archiveName,
      archiveResolution: o.archiveResolution,
      e2ee: o.e2ee === undefined ? undefined : String(o.e2ee),
      location: o.location,
      'p2p.preference': o.mediaMode === 'routed' ? 'disabled' : 'enabled',
    },
    ...callOptions(parsed),
  });
  const raw = asObject(Array.isArray(res.body) ? res.body[0] : res.body);
  const sessionId = readId(raw, 'session_id', 'createSession', res);
  const created = readString(raw, 'create_dt');
  const createdAt = created ? new Date(created) : undefined;
  return {
    sessionId,
    mediaMode: o.mediaMode,
    archiveMode: o.archiveMode,
    location: o.location,
    e2ee: o.e2ee ?? false,
    archiveName: o.archiveName,
    archiveResolution: o.archiveResolution,
    createdAt: createdAt && !Number.isNaN(createdAt.getTime()) ? createdAt : safeDecode(sessionId),
    mediaServerUrl: readString(raw, 'media_server_url') || undefined,
  };
}

function safeDecode(sessionId: string): Date | undefined {
  try {
    return decodeSessionId(sessionId).createdAt;
  } catch {
    return undefined;
  }
}
