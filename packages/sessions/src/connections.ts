import {
  asObject,
  callOptions,
  pathSegment,
  projectPath,
  readNumber,
  readPage,
  readString,
  type CallOptions,
  type Page,
  type Raw,
  type VideoClient,
} from '@video/core';

export type ConnectionState = 'Connecting' | 'Connected' | 'Disconnected';

/** A connection to a session: a client, a SIP call, an Audio Connector or an Experience Composer. */
export interface Connection {
  /** Pass it to `signal({ connectionId })` or `forceDisconnect`. */
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
): Promise<Page<Connection>> {
  const path = projectPath(client, 'session', pathSegment(sessionId, 'sessionId'), 'connection');
  const res = await client.request({ operation: 'listConnections', method: 'GET', path, ...callOptions(options) });
  return readPage(asObject(res.body), toConnection);
}
