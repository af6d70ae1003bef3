import type { CallOptions, VideoClient } from '@video/core';
import { parseCallOptions, pathSegment, projectPath } from '@video/core/toolkit';

/** Stops a render; its connection and stream leave the session. Throws a `NotFoundError` for an unknown render ID. */
export async function stopRender(client: VideoClient, renderId: string, options: CallOptions = {}): Promise<void> {
  const call = parseCallOptions(options);
  const path = projectPath(client, 'render', pathSegment(renderId, 'renderId'));
  await client.request({ operation: 'stopRender', method: 'DELETE', path, expect: 'none', ...call });
}
