import type { CallOptions, VideoClient } from '@video/core';
import { parseCallOptions, pathSegment, projectPath } from '@video/core/toolkit';

/**
 * Disconnects a client (or a SIP call, Audio Connector or Experience Composer) from a session
 * (`DELETE …/connection/{connectionId}`); its streams end with it. Get connection IDs from
 * `listConnections` or your session-monitoring callbacks.
 */
export async function forceDisconnect(client: VideoClient, sessionId: string, connectionId: string, options: CallOptions = {}): Promise<void> {
  const path = projectPath(client, 'session', pathSegment(sessionId, 'sessionId'), 'connection', pathSegment(connectionId, 'connectionId'));
  const call = parseCallOptions(options);
  await client.request({ operation: 'forceDisconnect', method: 'DELETE', path, expect: 'none', ...call });
}
