import { decodeSessionId } from '@video/auth';
import {
  asObject,
  callOptions,
  checkBoolean,
  checkOneOf,
  checkString,
  InvalidResponseError,
  optional,
  readString,
  RESOLUTIONS,
  VideoValidationError,
  type CallOptions,
  type Resolution,
  type VideoClient,
} from '@video/core';

export type MediaMode = 'routed' | 'relayed';
export type ArchiveMode = 'manual' | 'always';

/** Options of {@link createSession}. */
export interface CreateSessionOptions extends CallOptions {
  /**
   * `'routed'`: media goes through Vonage's media servers (needed for archiving, broadcasts,
   * SIP, captions, moderation). `'relayed'` (default, as in the OpenTok SDKs): clients connect
   * peer to peer when they can.
   */
  mediaMode?: MediaMode;
  /** `'always'` records the session automatically (routed sessions only). Default `'manual'`. */
  archiveMode?: ArchiveMode;
  /** An IPv4 address hinting where to place the session's media server. */
  location?: string;
  /** End-to-end encryption (routed sessions only, not with `archiveMode: 'always'`). */
  e2ee?: boolean;
  /** Name of the automatic archives (1–80 characters; `archiveMode: 'always'` only). */
  archiveName?: string;
  /** Resolution of the automatic archives (`archiveMode: 'always'` only). */
  archiveResolution?: Resolution;
}

/** A created session: its ID plus the settings it was created with. */
export interface Session {
  /** Store it: sessions never expire and every other call needs it. */
  sessionId: string;
  mediaMode: MediaMode;
  archiveMode: ArchiveMode;
  location: string | undefined;
  e2ee: boolean;
  archiveName: string | undefined;
  archiveResolution: Resolution | undefined;
  /** When the API created it, if it said so (else read from the session ID). */
  createdAt: Date | undefined;
  /** The media server the session was placed on, if the API said so. */
  mediaServerUrl: string | undefined;
}

const OPTION_KEYS = ['mediaMode', 'archiveMode', 'location', 'e2ee', 'archiveName', 'archiveResolution'];
const MEDIA_MODES: readonly MediaMode[] = ['routed', 'relayed'];
const ARCHIVE_MODES: readonly ArchiveMode[] = ['manual', 'always'];
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function readOptions(options: CreateSessionOptions) {
  const mediaMode = optional(options.mediaMode, (v) => checkOneOf(v, 'mediaMode', MEDIA_MODES)) ?? 'relayed';
  const archiveMode = optional(options.archiveMode, (v) => checkOneOf(v, 'archiveMode', ARCHIVE_MODES)) ?? 'manual';
  const location = optional(options.location, (v) =>
    checkString(v, 'location', { pattern: IPV4, patternHint: 'must be an IPv4 address such as 10.1.1.1' }),
  );
  const e2ee = optional(options.e2ee, (v) => checkBoolean(v, 'e2ee'));
  const archiveName = optional(options.archiveName, (v) => checkString(v, 'archiveName', { max: 80 }));
  const archiveResolution = optional(options.archiveResolution, (v) => checkOneOf(v, 'archiveResolution', RESOLUTIONS));
  if (archiveMode === 'always' && mediaMode !== 'routed') {
    throw new VideoValidationError('archiveMode', "'always' needs mediaMode: 'routed'");
  }
  if (e2ee && mediaMode !== 'routed') throw new VideoValidationError('e2ee', "needs mediaMode: 'routed'");
  if (e2ee && archiveMode === 'always') throw new VideoValidationError('e2ee', "cannot be combined with archiveMode: 'always'");
  if (archiveMode !== 'always') {
    if (archiveName !== undefined) throw new VideoValidationError('archiveName', "is allowed only with archiveMode: 'always'");
    if (archiveResolution !== undefined) {
      throw new VideoValidationError('archiveResolution', "is allowed only with archiveMode: 'always'");
    }
  }
  return { mediaMode, archiveMode, location, e2ee, archiveName, archiveResolution };
}

/**
 * Creates a session (`POST /session/create`, form-encoded). Sessions are free, never expire and
 * cannot be deleted; create one per meeting and store its ID. The API's JSON array answer is
 * reduced to one plain {@link Session}.
 */
export async function createSession(client: VideoClient, options: CreateSessionOptions = {}): Promise<Session> {
  const call = callOptions(options, OPTION_KEYS);
  const o = readOptions(options);
  const res = await client.request<unknown>({
    operation: 'createSession',
    method: 'POST',
    path: '/session/create',
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
    ...call,
  });
  const raw = asObject(Array.isArray(res.body) ? res.body[0] : res.body);
  const sessionId = readString(raw, 'session_id');
  if (!sessionId) {
    throw new InvalidResponseError('createSession: the response has no session_id', {
      status: res.status,
      requestId: res.requestId,
      body: res.body,
    });
  }
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
