import type { CallOptions, Layout, VideoClient } from '@video/core';
import { layoutSchema, parseCallOptions, parseValue, pathSegment, projectPath } from '@video/core/toolkit';

/**
 * Changes the layout of a running broadcast. `stylesheet` goes with (and only with)
 * `type: 'custom'`; `screenshareType` only with `type: 'bestFit'`.
 *
 * Errors: `VideoValidationError` for an invalid layout (before any request);
 * `InvalidRequestError` (400) when the API rejects it; `NotFoundError` (404) for an unknown broadcast.
 */
export async function setBroadcastLayout(
  client: VideoClient,
  broadcastId: string,
  layout: Layout,
  options: CallOptions = {},
): Promise<void> {
  const call = parseCallOptions(options);
  const path = projectPath(client, 'broadcast', pathSegment(broadcastId, 'broadcastId'), 'layout');
  const json = parseValue(layoutSchema(), layout, 'layout');
  await client.request({ operation: 'setBroadcastLayout', method: 'PUT', path, json, expect: 'none', ...call });
}
