import { asObject, callOptions, pathSegment, projectPath, type CallOptions, type VideoClient } from '@video/core';
import { toBroadcast, type Broadcast } from './broadcast.js';

/** Stops a broadcast. */
export async function stopBroadcast(client: VideoClient, broadcastId: string, options: CallOptions = {}): Promise<Broadcast> {
  const path = projectPath(client, 'broadcast', pathSegment(broadcastId, 'broadcastId'), 'stop');
  const res = await client.request({ operation: 'stopBroadcast', method: 'POST', path, idempotent: true, ...callOptions(options) });
  return toBroadcast(asObject(res.body));
}
