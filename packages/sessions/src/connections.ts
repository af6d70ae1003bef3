import type { CallOptions, Page, VideoClient } from '@video/core';
import { asObject, parseCallOptions, pathSegment, projectPath, readDate, readId, readOwner, readPage, readString, type Raw } from '@video/core/toolkit';

/** The states the API reports for a connection. */
export type ConnectionState = 'Connecting' | 'Connected' | 'Disconnected';

const CONNECTION_STATES: readonly string[] = ['Connecting', 'Connected', 'Disconnected'] satisfies ConnectionState[];

/** A connection to a session: a client, a SIP call, an Audio Connector or an Experience Composer. */
export interface Connection {
  /** Pass it to `signal({ connectionId })` or `forceDisconnect`. */
  connectionId: string;
  /** Undefined when the API leaves it out or reports a state this SDK does not know. */
  connectionState: ConnectionState | undefined;
  /** When the client connected, if the API said so. */
  createdAt: Date | undefined;
}

/** The connections of one session, oldest first, as {@link listConnections} returns them. */
export interface ConnectionList extends Page<Connection> {
  /** The session listed. */
  sessionId: string;
  /** Set on Vonage-credential responses. */
  applicationId?: string;
  /** Set on OpenTok-credential responses. */
  projectId?: string;
}

function toConnection(raw: Raw): Connection {
  const state = readString(raw, 'connectionState');
  return {
    connectionId: readId(raw, 'connectionId', 'listConnections'),
    connectionState: state !== undefined && CONNECTION_STATES.includes(state) ? (state as ConnectionState) : undefined,
    createdAt: readDate(raw, 'createdAt'),
  };
}

/**
 * Lists the connections of a session (`GET …/session/{sessionId}/connection`): its clients, SIP
 * calls, Audio Connectors and Experience Composers, oldest first, all in one page (the API does
 * not page this list). The result also names the session and the project that owns it.
 *
 * Errors: `NotFoundError` (404) for an unknown session; `InvalidRequestError` (400) for an invalid
 * session ID; `VideoValidationError` for a session ID that cannot be a path segment (before any
 * request).
 */
export async function listConnections(client: VideoClient, sessionId: string, options: CallOptions = {}): Promise<ConnectionList> {
  const call = parseCallOptions(options);
  const session = pathSegment(sessionId, 'sessionId');
  const path = projectPath(client, 'session', session, 'connection');
  const res = await client.request({ operation: 'listConnections', method: 'GET', path, ...call });
  const raw = asObject(res.body);
  return { ...readPage(raw, toConnection), sessionId: readString(raw, 'sessionId') ?? sessionId, ...readOwner(raw) };
}
