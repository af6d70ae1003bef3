import { callOptions, checkLayout, pathSegment, projectPath, type CallOptions, type Layout, type VideoClient } from '@video/core';

/** Changes the layout of a running broadcast. */
export async function setBroadcastLayout(
  client: VideoClient,
  broadcastId: string,
  layout: Layout,
  options: CallOptions = {},
): Promise<void> {
  const path = projectPath(client, 'broadcast', pathSegment(broadcastId, 'broadcastId'), 'layout');
  const call = callOptions(options);
  await client.request({ operation: 'setBroadcastLayout', method: 'PUT', path, json: checkLayout(layout), expect: 'none', ...call });
}
