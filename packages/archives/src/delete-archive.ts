import { callOptions, pathSegment, projectPath, type CallOptions, type VideoClient } from '@video/core';

/** Deletes an archive's file. Only archives that are `available` or `uploaded` can be deleted. */
export async function deleteArchive(client: VideoClient, archiveId: string, options: CallOptions = {}): Promise<void> {
  const path = projectPath(client, 'archive', pathSegment(archiveId, 'archiveId'));
  await client.request({ operation: 'deleteArchive', method: 'DELETE', path, expect: 'none', ...callOptions(options) });
}
