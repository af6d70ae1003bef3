import { verifyBodyToken } from '../client-tokens.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { uuid } from '../ids.js';
import { projectField, type Project } from '../projects.js';
import { P, route, type RestContext, type RestRoute } from '../rest-context.js';
import { jsonReply, type Reply } from '../router.js';
import type { State } from '../state.js';
import { isSerializable, optBool, optObject, optStringArray, optStringMap, reqString, requireObject } from '../validation.js';

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
}

const AUDIO_RATES = [8000, 16000, 24000];
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
  };
}

function readWebsocket(body: Record<string, unknown>) {
  const ws = optObject(body, 'websocket');
  if (!ws) throw badRequest('"websocket" is required and must be an object with a "uri"');
  const uri = reqString(ws, 'uri', { min: 15, max: 2048 });
  if (!/^wss?:\/\//i.test(uri)) throw badRequest('"websocket.uri" must be a ws:// or wss:// URL');
  const headers = optStringMap(ws, 'headers');
  const headerBytes = Object.entries(headers ?? {}).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (headerBytes > MAX_HEADER_BYTES) throw badRequest(`"websocket.headers" must total at most ${MAX_HEADER_BYTES} bytes`);
  const audioRate = ws['audioRate'] ?? 16000;
  if (typeof audioRate !== 'number' || !AUDIO_RATES.includes(audioRate)) {
    throw badRequest(`"websocket.audioRate" must be one of ${AUDIO_RATES.join(', ')}`);
  }
  const audioTransport = optObject(ws, 'audioTransport');
  if (audioTransport && !isSerializable(audioTransport)) throw badRequest('"websocket.audioTransport" is nested too deeply');
  const transport = audioTransport?.['transport'];
  if (audioTransport && transport !== 'binary' && transport !== 'json') {
    throw badRequest('"websocket.audioTransport.transport" must be "binary" or "json"');
  }
  return {
    uri,
    streams: optStringArray(ws, 'streams'),
    headers,
    audioRate,
    bidirectional: optBool(ws, 'bidirectional') ?? false,
    audioTransport,
  };
}

/** Connect: the connector joins the session as a connection. */
async function connect(ctx: RestContext): Promise<Reply> {
  const body = requireObject(ctx.json());
  const sessionId = reqString(body, 'sessionId');
  if (body['token'] === undefined || body['token'] === null || body['token'] === '') throw badRequest('"token" is required');
  const websocket = readWebsocket(body);
  const session = ctx.state.session(ctx.project, sessionId);
  if (session.mediaMode !== 'routed') throw conflict('Only routed sessions are allowed to use the Audio Connector');
  const token = await verifyBodyToken(body['token'], session, ctx.state.projects);
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
  };
  ctx.state.audioConnectors.set(connector.id, connector);
  return jsonReply(200, { id: connector.id, connectionId: connector.connectionId });
}

/** Stop accepts the connector `id` or its `connectionId`: SDKs disagree on which one they pass. */
function stop(ctx: RestContext): Reply {
  const id = ctx.params['connectorId'] ?? '';
  const connector = [...ctx.state.audioConnectors.values()].find(
    (c) => c.project === ctx.project && (c.id === id || c.connectionId === id),
  );
  if (!connector) throw notFound('Audio Connector not found');
  const session = ctx.state.sessions.get(connector.sessionId);
  if (session) ctx.state.removeConnection(session, connector.connectionId);
  ctx.state.audioConnectors.delete(connector.id);
  return { status: 200 };
}

export function install(state: State): void {
  state.on('connectionDestroyed', (_session, connection) => {
    if (connection.kind !== 'websocket') return;
    for (const [id, c] of state.audioConnectors) if (c.connectionId === connection.id) state.audioConnectors.delete(id);
  });
}

export const routes: RestRoute[] = [
  route('POST', `${P}/connect`, connect),
  route('POST', `${P}/connect/:connectorId/stop`, stop),
];
