import type { CallOptions, VideoClient } from '@video/core';
import { parseCallOptions, pathSegment, projectPath } from '@video/core/toolkit';

/**
 * Deletes an archive's file. Only archives whose status is `'available'`, `'uploaded'` or
 * `'deleted'` can be deleted; deleted archives no longer appear in lists.
 *
 * Errors: `ConflictError` (409) with `reason: 'not_deletable'` (code 15004) for an archive in
 * any other status (e.g. still recording or processing); `NotFoundError` (404) for an unknown
 * archive.
 */
export async function deleteArchive(client: VideoClient, archiveId: string, options: CallOptions = {}): Promise<void> {
  const call = parseCallOptions(options);
  const path = projectPath(client, 'archive', pathSegment(archiveId, 'archiveId'));
  await client.request({ operation: 'deleteArchive', method: 'DELETE', path, expect: 'none', reasonCodes: [15004], ...call });
}
