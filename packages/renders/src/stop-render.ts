import { callOptions, pathSegment, projectPath, type CallOptions, type VideoClient } from '@video/core';

/** Stops a render; its connection and stream leave the session. Throws a `NotFoundError` for an unknown render ID. */
export async function stopRender(client: VideoClient, renderId: string, options: CallOptions = {}): Promise<void> {
  const path = projectPath(client, 'render', pathSegment(renderId, 'renderId'));
  await client.request({ operation: 'stopRender', method: 'DELETE', path, expect: 'none', ...callOptions(options) });
}
