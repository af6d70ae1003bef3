import type { CallOptions, VideoClient } from '@video/core';
import { asObject, parseCallOptions, pathSegment, projectPath } from '@video/core/toolkit';
import { toBroadcast, type Broadcast } from './broadcast.js';

/**
 * Gets one broadcast, with its HLS and RTMP URLs and statuses.
 *
 * Errors: `NotFoundError` (404) for an unknown broadcast.
 */
export async function getBroadcast(client: VideoClient, broadcastId: string, options: CallOptions = {}): Promise<Broadcast> {
  const call = parseCallOptions(options);
  const path = projectPath(client, 'broadcast', pathSegment(broadcastId, 'broadcastId'));
  const res = await client.request({ operation: 'getBroadcast', method: 'GET', path, ...call });
  return toBroadcast(asObject(res.body), 'getBroadcast');
}
