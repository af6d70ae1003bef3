// Test support written independently of the package: callback payloads as the API documents them
// (callbacks.md §2.1), and a signer over node:crypto's HMAC — never jose, never our own code.
import { createHash, createHmac, randomUUID } from 'node:crypto';

export const SECRET = 'x4Kq9Zr2Lm8Vt1Bn5Cw7Yp3Hd6Fg0Js';
export const API_KEY = '12345678';
export const APPLICATION_ID = '0b8a6b8c-7f2e-4c1d-9a3b-5e6f7a8b9c0d';
export const SESSION_ID = '2_MX4xMjM0NTY3OH5-MTQ3MDI1NzY3OTkxOH45QXRr';

const T = 1_470_257_688_309;
const connection = { id: 'c053fcc8-c681-41d5-8ec2-7a9e1434a21e', createdAt: T - 166, data: 'name=Ada' };
const stream = { id: '8b732909-0a06-46a2-8ea8-074e64d7422', connection, createdAt: T - 100, name: 'Ada', videoType: 'camera' };
const call = { id: '4d5e8bd1-2b5c-4a1e-9a3c-7b5f1e2d3c4b', connectionId: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b', createdAt: T - 50 };
const common = { sessionId: SESSION_ID, projectId: API_KEY, timestamp: T };

/** One payload per event of callbacks.md, as the API sends it (wire names). */
export const PAYLOADS = {
  sessionCreated: { ...common, event: 'sessionCreated' },
  sessionDestroyed: { ...common, event: 'sessionDestroyed', reason: 'serverRotation' },
  sessionNotification: { ...common, event: 'sessionNotification', reason: 'serverRotation' },
  connectionCreated: { ...common, event: 'connectionCreated', connection },
  connectionDestroyed: { ...common, event: 'connectionDestroyed', reason: 'clientDisconnected', connection },
  streamCreated: { ...common, event: 'streamCreated', stream },
  streamDestroyed: { ...common, event: 'streamDestroyed', reason: 'mediaStopped', stream },
  callCreated: { ...common, event: 'callCreated', call },
  callUpdated: { ...common, event: 'callUpdated', call, state: 'RINGING' },
  callDestroyed: { ...common, event: 'callDestroyed', call, reason_code: 704, reason_message: 'media timeout' },
  muteForced: { ...common, event: 'muteForced', call },
  // tokbox.com/developer/callbacks example: partnerId (a number), createdAt in ms, url when available.
  archive: {
    id: 'b40ef09b-3811-4726-b508-e41a0f96c68f',
    event: 'archive',
    createdAt: 1_384_221_730_000,
    duration: 328,
    name: 'Foo',
    partnerId: 123456,
    reason: '',
    resolution: '640x480',
    sessionId: SESSION_ID,
    size: 18_023_312,
    status: 'available',
    streamMode: 'auto',
    url: 'https://tokbox.com.archive2.s3.amazonaws.com/123456%2Fb40ef09b%2Farchive.mp4?Expires=1384221730',
  },
  broadcast: {
    id: '1748b7070a81464c9759c46ad10d3734',
    sessionId: SESSION_ID,
    projectId: 123456,
    createdAt: T,
    updatedAt: T + 1000,
    status: 'failed',
    reason: 'node failure',
    broadcastUrls: { hls: 'https://example.com/hls/live.m3u8', rtmp: [] },
    resolution: '1280x720',
    streamMode: 'auto',
  },
  render: {
    id: '1248e7070b81464c9789f46ad10e7764',
    sessionId: SESSION_ID,
    streamId: 'e32445b743678c98230f238',
    status: 'stopped',
    reason: 'Max Duration Exceeded',
  },
  captions: {
    captionId: '7c0680fc-6274-4de5-a66f-d0648e8d3ac2',
    applicationId: APPLICATION_ID,
    sessionId: SESSION_ID,
    status: 'failed',
    createdAt: T,
    updatedAt: T + 5000,
    duration: 5,
    languageCode: 'en-US',
    provider: 'aws-transcribe',
    reason: 'engine fault',
  },
} as const;

export type EventName = keyof typeof PAYLOADS;
export const EVENT_NAMES = Object.keys(PAYLOADS) as EventName[];

/** The Application-API callback type of each event (callbacks.md §"Registration"). */
export const HOOK_OF: Record<EventName, string> = {
  sessionCreated: 'session_created',
  sessionDestroyed: 'session_destroyed',
  sessionNotification: 'session_notification',
  connectionCreated: 'connection_created',
  connectionDestroyed: 'connection_destroyed',
  streamCreated: 'stream_created',
  streamDestroyed: 'stream_destroyed',
  callCreated: 'sip_call_created',
  callUpdated: 'sip_call_updated',
  callDestroyed: 'sip_call_destroyed',
  muteForced: 'sip_call_mute_forced',
  archive: 'archive_status',
  broadcast: 'broadcast_status',
  render: 'render_status',
  captions: 'captions_status',
};

/** A body as a server would send it: indented JSON, so raw bytes and minified JSON differ. */
export const bodyOf = (payload: unknown): string => JSON.stringify(payload, null, 2);

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');
export const sha256Hex = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

export interface SignOptions {
  secret?: string;
  /** Claims to add or replace; `undefined` removes one. */
  claims?: Record<string, unknown>;
  header?: Record<string, unknown>;
  /** Seconds to add to now for `iat`. */
  age?: number;
}

/** A callback JWT as Vonage documents it, signed with HMAC-SHA256 by node:crypto. */
export function signCallback(body: string | Buffer, { secret = SECRET, claims = {}, header = { alg: 'HS256', typ: 'JWT' }, age = 0 }: SignOptions = {}): string {
  const payload: Record<string, unknown> = {
    iat: Math.floor(Date.now() / 1000) - age,
    jti: randomUUID(),
    iss: 'Vonage',
    payload_hash: sha256Hex(body),
    api_key: API_KEY,
    application_id: APPLICATION_ID,
    ...claims,
  };
  for (const key of Object.keys(payload)) if (payload[key] === undefined) delete payload[key];
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** `Bearer <jwt>` for `body`. */
export const authorization = (body: string | Buffer, options?: SignOptions) => `Bearer ${signCallback(body, options)}`;
