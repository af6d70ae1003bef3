import * as z from 'zod/mini';
import { verifyBodyToken } from '../client-tokens.js';
import { conflict } from '../errors.js';
import { uuid } from '../ids.js';
import { projectField, type Project } from '../projects.js';
import { P, route, type RestContext, type RestRoute } from '../rest-context.js';
import { jsonReply, type Reply } from '../router.js';
import type { State } from '../state.js';
import { isSerializable, length, opt, parseBody, requiredString, rule, stringArray, stringMap } from '../validation.js';

export interface AudioConnector {
  id: string;
  seq: number;
  project: Project;
  sessionId: string;
  connectionId: string;
  createdAt: number;
  uri: string;
  streams: string[] | undefined;
  headers: Record<string, string> | undefined;
  audioRate: number;
  bidirectional: boolean;
  audioTransport: Record<string, unknown> | undefined;
  /** Started with `sessionMigration: true`: the connector survives a session migration. */
  sessionMigration: boolean;
}

const AUDIO_RATES = [8000, 16000, 24000] as const;
const MAX_HEADER_BYTES = 512;

/** An Audio Connector for `GET /_emulator/state`. */
export function audioConnectorState(c: AudioConnector): Record<string, unknown> {
  return {
    id: c.id,
    connectionId: c.connectionId,
    ...projectField(c.project),
    sessionId: c.sessionId,
    createdAt: c.createdAt,
    uri: c.uri,
    streams: c.streams ?? null,
    headers: c.headers ?? null,
    audioRate: c.audioRate,
    bidirectional: c.bidirectional,
    audioTransport: c.audioTransport ?? null,
    sessionMigration: c.sessionMigration,
  };
}

const byteLength = (headers: Record<string, string>): number =>
  Object.entries(headers).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);

/** `websocket` of POST /connect (§5.10): where to connect and how to stream the audio. */
const websocketSchema = z.object(
  {
    uri: requiredString(...length(15, 2048), z.regex(/^wss?:\/\//i, { error: 'must be a ws:// or wss:// URL' })),
    streams: opt(stringArray),
    headers: opt(
      stringMap.check(
        rule((headers) => (byteLength(headers) > MAX_HEADER_BYTES ? `must total at most ${MAX_HEADER_BYTES} bytes` : undefined)),
      ),
    ),
    audioRate: opt(z.literal(AUDIO_RATES)),
    bidirectional: opt(z.boolean()),
    // Kept as given (`staticFields` and whatever else the service may read), so any other key passes.
    audioTransport: opt(
      z
        .looseObject({ transport: z.enum(['binary', 'json'], { error: 'must be "binary" or "json"' }) })
        .check(rule((transport) => (isSerializable(transport) ? undefined : 'is nested too deeply'))),
    ),
  },
  { error: (issue) => (issue.input == null ? 'is required and must be an object with a "uri"' : undefined) },
);

/**
 * POST /connect: the client token the connector connects with, and the socket. `sessionMigration`
 * is read at the top level of the body: the guide names the field without saying where it goes.
 */
const connectBody = z.object({ sessionId: requiredString(), token: requiredString(), sessionMigration: opt(z.boolean()), websocket: websocketSchema });

/** Connect: the connector joins the session as a connection. */
async function connect(ctx: RestContext): Promise<Reply> {
  const body = parseBody(connectBody, ctx.json());
  const { sessionId, websocket: given } = body;
  const websocket = {
    uri: given.uri,
    streams: given.streams,
    headers: given.headers,
    audioRate: given.audioRate ?? 16000,
    bidirectional: given.bidirectional ?? false,
    audioTransport: given.audioTransport,
  };
  const session = ctx.state.session(ctx.project, sessionId);
  if (session.mediaMode !== 'routed') throw conflict('Only routed sessions are allowed to use the Audio Connector');
  const token = await verifyBodyToken(body.token, session, ctx.state.projects);
  const connection = ctx.state.addConnection(session, {
    role: token.role,
    data: token.data ?? '',
    kind: 'websocket',
    tokenFormat: token.format,
    layoutClassList: token.layoutClassList,
  });
  const connector: AudioConnector = {
    id: uuid(),
    seq: ctx.state.nextSeq(),
    project: ctx.project,
    sessionId,
    connectionId: connection.id,
    createdAt: Date.now(),
    ...websocket,
    sessionMigration: body.sessionMigration ?? false,
  };
  ctx.state.audioConnectors.set(connector.id, connector);
  return jsonReply(200, { id: connector.id, connectionId: connector.connectionId });
}

/**
 * A connector ends when its connection goes: the API has no stop route for connectors (a POST to
 * `…/connect/{id}/stop` is an unknown route, 404), so they are stopped by force-disconnecting their
 * connection. A session migration disconnects those not started with `sessionMigration: true`.
 */
export function install(state: State): void {
  state.on('connectionDestroyed', (_session, connection) => {
    if (connection.kind !== 'websocket') return;
    for (const [id, c] of state.audioConnectors) if (c.connectionId === connection.id) state.audioConnectors.delete(id);
  });
  state.on('sessionMigrated', (session) => {
    const dropped = [...state.audioConnectors.values()].filter((c) => c.sessionId === session.id && !c.sessionMigration);
    for (const connector of dropped) state.removeConnection(session, connector.connectionId);
  });
}

export const routes: RestRoute[] = [route('POST', `${P}/connect`, connect)];
