import type { CallOptions, Page, VideoClient } from '@video/core';
import { asObject, parseCallOptions, pathSegment, projectPath, readDate, readId, readPage, readString, type Raw } from '@video/core/toolkit';

export type ConnectionState = 'Connecting' | 'Connected' | 'Disconnected';

/** A connection to a session: a client, a SIP call, an Audio Connector or an Experience Composer. */
export interface Connection {
  /** Pass it to `signal({ connectionId })` or `forceDisconnect`. */
  connectionId: string;
  connectionState: ConnectionState | undefined;
  createdAt: Date | undefined;
}

function toConnection(raw: Raw): Connection {
  return {
    connectionId: readId(raw, 'connectionId', 'listConnections'),
    connectionState: readString(raw, 'connectionState') as ConnectionState | undefined,
    createdAt: readDate(raw, 'createdAt'),
  };
}

/** Lists the connections of a session: its clients, SIP calls, Audio Connectors and renders. */
export async function listConnections(
  client: VideoClient,
  sessionId: string,
  options: CallOptions = {},
): Promise<Page<Connection>> {
  const call = parseCallOptions(options);
  const path = projectPath(client, 'session', pathSegment(sessionId, 'sessionId'), 'connection');
  const res = await client.request({ operation: 'listConnections', method: 'GET', path, ...call });
  return readPage(asObject(res.body), toConnection);
}
