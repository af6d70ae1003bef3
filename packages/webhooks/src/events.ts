// Every callback the Video API sends, declared once as a zod/mini schema (wire names in, the SDK's
// camelCase and `Date`s out); the event types are inferred from these declarations. Facts and
// their sources: callbacks.md §2.1. Required fields are those the documentation shows on every
// callback of a kind; the rest are optional, and fields not listed pass through.
import * as z from 'zod/mini';
import {
  callInfo,
  connectionInfo,
  list,
  maybeFlag,
  maybeMillis,
  maybeNumber,
  maybeString,
  millis,
  monitoringFields,
  oneOf,
  passthrough,
  projectFields,
  streamInfo,
} from './fields.js';

// ── Session monitoring ────────────────────────────────────────────────────────────────────────

const sessionCreated = passthrough(monitoringFields);

const sessionDestroyed = passthrough({
  ...monitoringFields,
  /** `forceDisconnected` after a media-router failure, `serverRotation` after a rotation. */
  reason: z.optional(oneOf<'forceDisconnected' | 'serverRotation'>()),
});

// Sent 4 h and 1 h before a media-server rotation. No full example is published (uncertain):
// every field is optional.
const sessionNotification = passthrough({
  sessionId: maybeString,
  ...projectFields,
  timestamp: maybeMillis,
  reason: z.optional(oneOf<'serverRotation'>()),
});

const connectionCreated = passthrough({ ...monitoringFields, connection: connectionInfo });

const connectionDestroyed = passthrough({
  ...monitoringFields,
  connection: connectionInfo,
  reason: z.optional(oneOf<'clientDisconnected' | 'forceDisconnected' | 'networkDisconnected'>()),
});

const streamCreated = passthrough({ ...monitoringFields, stream: streamInfo });

const streamDestroyed = passthrough({
  ...monitoringFields,
  stream: streamInfo,
  reason: z.optional(oneOf<'clientDisconnected' | 'forceDisconnected' | 'forceUnpublished' | 'mediaStopped' | 'networkDisconnected'>()),
});

// ── SIP ───────────────────────────────────────────────────────────────────────────────────────

const callCreated = passthrough({ ...monitoringFields, call: callInfo });

const callUpdated = passthrough({
  ...monitoringFields,
  call: callInfo,
  state: oneOf<'DIALING' | 'RINGING' | 'ON_HOLD' | 'ACTIVE' | 'HANGUP'>(),
});

const callDestroyed = passthrough({
  ...monitoringFields,
  call: callInfo,
  /**
   * A SIP status code, or 700 (normal clearing), 703 (unexpected clearing), 704 (media timeout),
   * 705 (maximum duration) or 706 (maximum inactivity). The event has it as `reasonCode`.
   */
  reason_code: maybeNumber,
  /** The event has it as `reasonMessage`. */
  reason_message: maybeString,
});

const muteForced = callCreated; // the same fields

// ── Archives ──────────────────────────────────────────────────────────────────────────────────

const archive = passthrough({
  id: z.string(),
  sessionId: z.string(),
  /** `uploaded` may arrive before `stopped` for a short archive. */
  status: oneOf<'started' | 'paused' | 'stopped' | 'uploaded' | 'available' | 'expired' | 'failed'>(),
  /** The time of the start call, rounded to the second. */
  createdAt: millis,
  updatedAt: maybeMillis,
  ...projectFields,
  name: maybeString,
  /** Seconds. */
  duration: maybeNumber,
  /** Bytes. */
  size: maybeNumber,
  reason: maybeString,
  resolution: maybeString,
  outputMode: z.optional(oneOf<'composed' | 'individual'>()),
  streamMode: z.optional(oneOf<'auto' | 'manual'>()),
  hasAudio: maybeFlag,
  hasVideo: maybeFlag,
  /** Only while the archive is `started`. */
  streams: z.optional(list<{ streamId: string; hasAudio?: boolean; hasVideo?: boolean }>()),
  /** The download URL: only when the archive is `available`. */
  url: maybeString,
  sha256sum: maybeString,
  password: maybeString,
  certificate: maybeString,
});

// ── Families whose payload has no `event` ─────────────────────────────────────────────────────

const statusFields = {
  ...projectFields,
  sessionId: maybeString,
  reason: maybeString,
  createdAt: maybeMillis,
  updatedAt: maybeMillis,
};

// Broadcast status: the field list is not published; probably the Broadcast object (uncertain).
const broadcast = passthrough({
  id: z.string(),
  status: oneOf<'started' | 'stopped' | 'failed'>(),
  ...statusFields,
  resolution: maybeString,
  streamMode: z.optional(oneOf<'auto' | 'manual'>()),
  broadcastUrls: z.optional(
    passthrough({
      hls: maybeString,
      rtmp: z.optional(list<{ id?: string; serverUrl?: string; streamName?: string; status?: string }>()),
    }),
  ),
});

// Experience Composer: { id, sessionId, streamId, status, reason }.
const render = passthrough({
  id: z.string(),
  status: oneOf<'started' | 'stopped' | 'failed'>(),
  ...statusFields,
  /** May be missing when the render failed. */
  streamId: maybeString,
});

// Live captions: fields taken from @vonage/video's CaptionStatusResponse (uncertain).
const captions = passthrough({
  /** The event has it as `captionsId`, the SDK's name. */
  captionId: maybeString,
  status: oneOf<'started' | 'stopped' | 'paused' | 'failed'>(),
  ...statusFields,
  applicationId: maybeString,
  /** Seconds. */
  duration: maybeNumber,
  languageCode: maybeString,
  provider: maybeString,
});

/**
 * Each event type: its schema, and the callback type of the Application API (the
 * `capabilities.video.webhooks` key, also the key of a secret map) that delivers it.
 */
export const EVENTS = {
  sessionCreated: [sessionCreated, 'session_created'],
  sessionDestroyed: [sessionDestroyed, 'session_destroyed'],
  sessionNotification: [sessionNotification, 'session_notification'],
  connectionCreated: [connectionCreated, 'connection_created'],
  connectionDestroyed: [connectionDestroyed, 'connection_destroyed'],
  streamCreated: [streamCreated, 'stream_created'],
  streamDestroyed: [streamDestroyed, 'stream_destroyed'],
  callCreated: [callCreated, 'sip_call_created'],
  callUpdated: [callUpdated, 'sip_call_updated'],
  callDestroyed: [callDestroyed, 'sip_call_destroyed'],
  muteForced: [muteForced, 'sip_call_mute_forced'],
  archive: [archive, 'archive_status'],
  broadcast: [broadcast, 'broadcast_status'],
  render: [render, 'render_status'],
  captions: [captions, 'captions_status'],
} as const;

type Events = typeof EVENTS;



/** The `type` of a known event: the API's `event` value, or the family of one that has none. */
export type KnownEventType = keyof Events;

/**
 * A callback type of the Application API (`capabilities.video.webhooks.<type>`, callbacks.md
 * §"Registration"): the keys of a secret map.
 */
export type CallbackType = Events[KnownEventType][1];

/** The payload exactly as received (parsed JSON). */
export type RawPayload = Record<string, unknown>;

/** Wire names that the events spell the SDK's way. */
export const RENAMED = { reason_code: 'reasonCode', reason_message: 'reasonMessage', captionId: 'captionsId' } as const;

type Renamed<T> = {
  [K in keyof T as K extends 'partnerId' ? never : K extends keyof typeof RENAMED ? (typeof RENAMED)[K] : K]: T[K];
};

/** The event of type `K`: the payload's fields as its schema reads them, the SDK's way. */
type EventOf<K extends KnownEventType> = Flat<Renamed<z.output<Events[K][0]>> & {
  /** The API's `event` value, or the family of a payload that has none. */
  type: K;
  /** The project (API key) or application the event belongs to (`projectId` or `partnerId`). */
  projectId?: string;
  /** The payload exactly as received, with the API's own field names. */
  raw: RawPayload;
}>;

type Flat<T> = { [K in keyof T]: T[K] } & {};

/** `sessionCreated`: the first client connected to a session. */
export type SessionCreatedEvent = EventOf<'sessionCreated'>;
/** `sessionDestroyed`: the last client left, or the session ended on a failure or rotation. */
export type SessionDestroyedEvent = EventOf<'sessionDestroyed'>;
/** `sessionNotification`: a media-server rotation is coming (4 h and 1 h before). */
export type SessionNotificationEvent = EventOf<'sessionNotification'>;
/** `connectionCreated`: a client connected. */
export type ConnectionCreatedEvent = EventOf<'connectionCreated'>;
/** `connectionDestroyed`: a client disconnected; `reason` says how. */
export type ConnectionDestroyedEvent = EventOf<'connectionDestroyed'>;
/** `streamCreated`: a client started publishing. */
export type StreamCreatedEvent = EventOf<'streamCreated'>;
/** `streamDestroyed`: a stream stopped; `reason` says how. */
export type StreamDestroyedEvent = EventOf<'streamDestroyed'>;
/** `callCreated`: a SIP call was placed. */
export type CallCreatedEvent = EventOf<'callCreated'>;
/** `callUpdated`: a SIP call changed `state`. */
export type CallUpdatedEvent = EventOf<'callUpdated'>;
/** `callDestroyed`: a SIP call ended; `reasonCode` and `reasonMessage` say why. */
export type CallDestroyedEvent = EventOf<'callDestroyed'>;
/** `muteForced`: a SIP call was muted by a force-mute. */
export type MuteForcedEvent = EventOf<'muteForced'>;
/** `archive`: an archive changed `status` (`available` means `url` can be downloaded). */
export type ArchiveEvent = EventOf<'archive'>;
/** A broadcast changed `status` (`failed` on a node failure). */
export type BroadcastEvent = EventOf<'broadcast'>;
/** An Experience Composer render changed `status`. */
export type RenderEvent = EventOf<'render'>;
/** Live captions changed `status` (`failed` on an engine fault). */
export type CaptionsEvent = EventOf<'captions'>;

/**
 * A callback this version does not know (a new API event, or a payload of no known shape). It is
 * delivered, not rejected, so that a new event never breaks a receiver.
 */
export interface UnknownCallbackEvent {
  /** A callback of a kind this version does not know. */
  type: 'unknown';
  /** The payload exactly as received. */
  raw: RawPayload;
}

/** Any callback, discriminated by `type`. */
export type CallbackEvent =
  | SessionCreatedEvent
  | SessionDestroyedEvent
  | SessionNotificationEvent
  | ConnectionCreatedEvent
  | ConnectionDestroyedEvent
  | StreamCreatedEvent
  | StreamDestroyedEvent
  | CallCreatedEvent
  | CallUpdatedEvent
  | CallDestroyedEvent
  | MuteForcedEvent
  | ArchiveEvent
  | BroadcastEvent
  | RenderEvent
  | CaptionsEvent
  | UnknownCallbackEvent;
