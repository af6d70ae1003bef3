import type { Resolution } from '@video/core';
import { readDate, readId, readNumber, readOwner, readString, type Raw } from '@video/core/toolkit';

/** Where a render is in its life. */
export type RenderStatus = 'starting' | 'started' | 'stopped' | 'failed';

/** An Experience Composer render: a web page rendered and published into a session as a stream. */
export interface Render {
  /** The render's ID. */
  id: string;
  /** The session the render publishes into. */
  sessionId: string;
  /** Set on Vonage-credential responses. */
  applicationId?: string;
  /** Set on OpenTok-credential responses. */
  projectId?: string;
  /** `'starting'` until the page publishes its stream, then `'started'`; finally `'stopped'` or `'failed'`. */
  status: RenderStatus;
  /** The page being rendered. */
  url: string | undefined;
  /** The resolution the page is rendered at. */
  resolution: Resolution | undefined;
  /** The stream the render publishes, once started. */
  streamId: string | undefined;
  /** Why it stopped or failed, e.g. `'Max duration exceeded'`. */
  reason: string | undefined;
  /** The stream name given in `properties.name`. */
  name: string | undefined;
  /** Where status events are posted. */
  callbackUrl: string | undefined;
  /** When the render was started. */
  createdAt: Date;
  /** When the status last changed, if the API said so. */
  updatedAt: Date | undefined;
}

/**
 * Normalises a render from the API into plain typed data. Throws an `InvalidResponseError` naming
 * `operation` when it has no `id`.
 */
export function toRender(raw: Raw, operation = 'toRender'): Render {
  return {
    id: readId(raw, 'id', operation),
    sessionId: readString(raw, 'sessionId') ?? '',
    ...readOwner(raw),
    status: (readString(raw, 'status') ?? 'starting') as RenderStatus,
    url: readString(raw, 'url'),
    resolution: readString(raw, 'resolution') as Resolution | undefined,
    streamId: readString(raw, 'streamId') || undefined,
    reason: readString(raw, 'reason') || undefined,
    name: readString(raw, 'name'),
    callbackUrl: readString(raw, 'callbackUrl') || readString(raw, 'statusCallbackUrl') || undefined,
    createdAt: new Date(readNumber(raw, 'createdAt') ?? 0),
    updatedAt: readDate(raw, 'updatedAt'),
  };
}
