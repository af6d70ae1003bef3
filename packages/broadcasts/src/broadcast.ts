import type { Resolution, StreamMode } from '@video/core';
import { asObject, readArray, readBoolean, readDate, readId, readNumber, readOwner, readString, type Raw } from '@video/core/toolkit';

/** A broadcast is `started` until stopped (by you, at `maxDuration`, or when everyone left). */
export type BroadcastStatus = 'started' | 'stopped';
/** State of the HLS output. */
export type HlsStatus = 'connecting' | 'ready' | 'live' | 'ended' | 'error';
/** State of one RTMP destination. */
export type RtmpStatus = 'connecting' | 'live' | 'offline' | 'error';

/** An RTMP destination and its state. */
export interface RtmpTarget {
  id: string | undefined;
  serverUrl: string;
  streamName: string;
  status: RtmpStatus | undefined;
}

/** A stream included in a manual-mode broadcast. */
export interface BroadcastStream {
  streamId: string;
  hasAudio: boolean;
  hasVideo: boolean;
}

/** A live-streaming broadcast. */
export interface Broadcast {
  id: string;
  sessionId: string;
  applicationId?: string;
  projectId?: string;
  status: BroadcastStatus;
  createdAt: Date;
  updatedAt: Date | undefined;
  multiBroadcastTag: string | undefined;
  /** Seconds after which the broadcast stops by itself. */
  maxDuration: number | undefined;
  maxBitrate: number | undefined;
  resolution: Resolution | undefined;
  streamMode: StreamMode;
  hasAudio: boolean;
  hasVideo: boolean;
  /** The HLS settings (`settings.hls` in the API), or undefined when there is no HLS output. */
  hls: { lowLatency: boolean; dvr: boolean } | undefined;
  broadcastUrls: {
    /** The HLS playlist URL (ends in `?DVR` with DVR; wait 15–20 s after start before fetching it). */
    hls: string | undefined;
    hlsStatus: HlsStatus | undefined;
    rtmp: RtmpTarget[];
  };
  /** Streams added with `addBroadcastStream`, for `streamMode: 'manual'`. */
  streams: BroadcastStream[];
}

/**
 * Normalises a broadcast from the API into plain typed data. Throws an `InvalidResponseError`
 * naming `operation` when it has no `id`.
 */
export function toBroadcast(raw: Raw, operation = 'toBroadcast'): Broadcast {
  const urls = asObject(raw.broadcastUrls);
  const settings = asObject(raw.settings);
  const hls = typeof settings.hls === 'object' && settings.hls !== null ? asObject(settings.hls) : undefined;
  return {
    id: readId(raw, 'id', operation),
    sessionId: readString(raw, 'sessionId') ?? '',
    ...readOwner(raw),
    status: (readString(raw, 'status') ?? 'started') as BroadcastStatus,
    createdAt: new Date(readNumber(raw, 'createdAt') ?? 0),
    updatedAt: readDate(raw, 'updatedAt'),
    multiBroadcastTag: readString(raw, 'multiBroadcastTag') || undefined,
    maxDuration: readNumber(raw, 'maxDuration'),
    maxBitrate: readNumber(raw, 'maxBitrate'),
    resolution: readString(raw, 'resolution') as Resolution | undefined,
    streamMode: (readString(raw, 'streamMode') ?? 'auto') as StreamMode,
    hasAudio: readBoolean(raw, 'hasAudio') ?? true,
    hasVideo: readBoolean(raw, 'hasVideo') ?? true,
    hls: hls && { lowLatency: readBoolean(hls, 'lowLatency') ?? false, dvr: readBoolean(hls, 'dvr') ?? false },
    broadcastUrls: {
      hls: readString(urls, 'hls'),
      hlsStatus: readString(urls, 'hlsStatus') as HlsStatus | undefined,
      rtmp: readArray(urls, 'rtmp').map((value) => {
        const r = asObject(value);
        return {
          id: readString(r, 'id'),
          serverUrl: readString(r, 'serverUrl') ?? '',
          streamName: readString(r, 'streamName') ?? '',
          status: readString(r, 'status') as RtmpStatus | undefined,
        };
      }),
    },
    streams: readArray(raw, 'streams').map((value) => {
      const s = asObject(value);
      return {
        streamId: readString(s, 'streamId') ?? '',
        hasAudio: readBoolean(s, 'hasAudio') ?? true,
        hasVideo: readBoolean(s, 'hasVideo') ?? true,
      };
    }),
  };
}
