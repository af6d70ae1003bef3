import {
  asObject,
  callOptions,
  pathSegment,
  projectPath,
  readNumber,
  readPage,
  readString,
  type CallOptions,
  type Raw,
  type VideoClient,
} from '@video/core';

export type ConnectionState = 'Connecting' | 'Connected' | 'Disconnected';

/** A client connection to a session. */
export interface Connection {
  connectionId: string;
  connectionState: ConnectionState | undefined;
  createdAt: Date | undefined;
}

function toConnection(raw: Raw): Connection {
  const created = readNumber(raw, 'createdAt');
  return {
    connectionId: readString(raw, 'connectionId') ?? '',
    connectionState: readString(raw, 'connectionState') as ConnectionState | undefined,
    createdAt: created === undefined ? undefined : new Date(created),
  };
}

/** Lists the connections of a session: its clients, SIP calls, Audio Connectors and renders. */
export async function listConnections(
  client: VideoClient,
  sessionId: string,
  options: CallOptions = {},
): Promise<{ items: Connection[]; totalCount: number }> {
  const path = projectPath(client, 'session', pathSegment(sessionId, 'sessionId'), 'connection');
  const res = await client.request({ operation: 'listConnections', method: 'GET', path, ...callOptions(options) });
  return readPage(asObject(res.body), toConnection);
}
