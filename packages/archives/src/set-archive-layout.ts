import type { CallOptions, Layout, VideoClient } from '@video/core';
import { layoutSchema, parseCallOptions, parseValue, pathSegment, projectPath } from '@video/core/toolkit';

/**
 * Changes the layout of a composed archive while it records. `stylesheet` goes with (and only
 * with) `type: 'custom'`; `screenshareType` only with `type: 'bestFit'`.
 *
 * Errors: `VideoValidationError` for an invalid layout (before any request);
 * `InvalidRequestError` (400) when the API rejects it (e.g. an individual archive);
 * `NotFoundError` (404) for an unknown archive.
 */
export async function setArchiveLayout(
  client: VideoClient,
  archiveId: string,
  layout: Layout,
  options: CallOptions = {},
): Promise<void> {
  const call = parseCallOptions(options);
  const path = projectPath(client, 'archive', pathSegment(archiveId, 'archiveId'), 'layout');
  const json = parseValue(layoutSchema(), layout, 'layout');
  await client.request({ operation: 'setArchiveLayout', method: 'PUT', path, json, expect: 'none', ...call });
}
