import type { CallOptions, VideoClient } from '@video/core';
import { asObject, parseCallOptions, pathSegment, projectPath } from '@video/core/toolkit';
import { toBroadcast, type Broadcast } from './broadcast.js';

/**
 * Stops a broadcast; its HLS and RTMP outputs end.
 *
 * Errors: `NotFoundError` (404) for an unknown or already stopped broadcast;
 * `InvalidRequestError` (400) for an invalid ID.
 */
export async function stopBroadcast(client: VideoClient, broadcastId: string, options: CallOptions = {}): Promise<Broadcast> {
  const call = parseCallOptions(options);
  const path = projectPath(client, 'broadcast', pathSegment(broadcastId, 'broadcastId'), 'stop');
  // Repeating a stop cannot create anything, so it may be retried after an ambiguous failure.
  const res = await client.request({ operation: 'stopBroadcast', method: 'POST', path, idempotent: true, ...call });
  return toBroadcast(asObject(res.body), 'stopBroadcast');
}
