import { readNumber, readOwner, readString, type Raw, type Resolution } from '@video/core';

export type RenderStatus = 'starting' | 'started' | 'stopped' | 'failed';

/** An Experience Composer render: a web page rendered and published into a session. */
export interface Render {
  id: string;
  sessionId: string;
  applicationId?: string;
  projectId?: string;
  status: RenderStatus;
  /** The page being rendered. */
  url: string | undefined;
  resolution: Resolution | undefined;
  /** The stream the render publishes, once started. */
  streamId: string | undefined;
  /** Why it stopped or failed. */
  reason: string | undefined;
  name: string | undefined;
  createdAt: Date;
  updatedAt: Date | undefined;
}

export function toRender(raw: Raw): Render {
  const updated = readNumber(raw, 'updatedAt');
  return {
    id: readString(raw, 'id') ?? '',
    sessionId: readString(raw, 'sessionId') ?? '',
    ...readOwner(raw),
    status: (readString(raw, 'status') ?? 'starting') as RenderStatus,
    url: readString(raw, 'url'),
    resolution: readString(raw, 'resolution') as Resolution | undefined,
    streamId: readString(raw, 'streamId'),
    reason: readString(raw, 'reason') || undefined,
    name: readString(raw, 'name'),
    createdAt: new Date(readNumber(raw, 'createdAt') ?? 0),
    updatedAt: updated === undefined ? undefined : new Date(updated),
  };
}
