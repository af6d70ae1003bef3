import { callOptions, checkLayout, pathSegment, projectPath, type CallOptions, type Layout, type VideoClient } from '@video/core';

/** Changes the layout of a composed archive while it records. */
export async function setArchiveLayout(
  client: VideoClient,
  archiveId: string,
  layout: Layout,
  options: CallOptions = {},
): Promise<void> {
  const path = projectPath(client, 'archive', pathSegment(archiveId, 'archiveId'), 'layout');
  const call = callOptions(options);
  await client.request({ operation: 'setArchiveLayout', method: 'PUT', path, json: checkLayout(layout), expect: 'none', ...call });
}
