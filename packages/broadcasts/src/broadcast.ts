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
  /** The ID given to this target at start, if any. */
  id: string | undefined;
  /** The RTMP server URL. */
  serverUrl: string;
  /** The stream name (key) on that server. */
  streamName: string;
  /** The target's own status, if the API reported one. */
  status: RtmpStatus | undefined;
}

/** A stream included in a manual-mode broadcast. */
export interface BroadcastStream {
  /** The stream's ID. */
  streamId: string;
  /** Whether the broadcast includes the stream's audio. */
  hasAudio: boolean;
  /** Whether the broadcast includes the stream's video. */
  hasVideo: boolean;
}

/** A live-streaming broadcast. */
export interface Broadcast {
  /** The broadcast's ID. */
  id: string;
  /** The session being broadcast. */
  sessionId: string;
  /** Set on Vonage-credential responses. */
  applicationId?: string;
  /** Set on OpenTok-credential responses. */
  projectId?: string;
  /** Where the broadcast is in its life: `'started'`, `'stopped'` … */
  status: BroadcastStatus;
  /** When the broadcast started. */
  createdAt: Date;
  /** When the status last changed, if the API said so. */
  updatedAt: Date | undefined;
  /** The tag that lets several broadcasts run in the session at once, if given. */
  multiBroadcastTag: string | undefined;
  /** Seconds after which the broadcast stops by itself. */
  maxDuration: number | undefined;
  /** The bitrate cap, in bits per second, if given. */
  maxBitrate: number | undefined;
  /** The video resolution. */
  resolution: Resolution | undefined;
  /** `'auto'` or `'manual'` (streams chosen with `addBroadcastStream`). */
  streamMode: StreamMode;
  /** Whether audio is broadcast. */
  hasAudio: boolean;
  /** Whether video is broadcast. */
  hasVideo: boolean;
  /** The HLS settings (`settings.hls` in the API), or undefined when there is no HLS output. */
  hls:
    | {
        /** Low-latency HLS (not with DVR). */
        lowLatency: boolean;
        /** DVR: viewers can seek back up to two hours. */
        dvr: boolean;
      }
    | undefined;
  /** Where viewers find the broadcast. */
  broadcastUrls: {
    /** The HLS playlist URL (ends in `?DVR` with DVR; wait 15–20 s after start before fetching it). */
    hls: string | undefined;
    /** The state of the HLS output, if there is one. */
    hlsStatus: HlsStatus | undefined;
    /** The RTMP targets and their statuses. */
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
