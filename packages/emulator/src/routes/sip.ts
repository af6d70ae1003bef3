import { verifyBodyToken } from '../client-tokens.js';
import { badRequest, conflict } from '../errors.js';
import { uuid } from '../ids.js';
import { projectField, type Project } from '../projects.js';
import { P, route, type RestContext, type RestRoute } from '../rest-context.js';
import { jsonReply, type Reply } from '../router.js';
import type { State } from '../state.js';
import { optBool, optObject, optString, optStringArray, optStringMap, reqString, requireObject } from '../validation.js';

export interface SipCall {
  id: string;
  seq: number;
  project: Project;
  sessionId: string;
  connectionId: string;
  streamId: string;
  createdAt: number;
  updatedAt: number;
  uri: string;
  from: string | undefined;
  headers: Record<string, string> | undefined;
  /** Only whether digest auth was given: the password is never kept. */
  auth: { username: string } | undefined;
  secure: boolean;
  video: boolean;
  observeForceMute: boolean;
  streams: string[] | undefined;
}

const DTMF = /^[0-9*#p]+$/;

function sipJson(call: SipCall): Record<string, unknown> {
  return {
    id: call.id,
    connectionId: call.connectionId,
    streamId: call.streamId,
    ...projectField(call.project),
    sessionId: call.sessionId,
    createdAt: call.createdAt,
    updatedAt: call.updatedAt,
  };
}

/** A SIP call for `GET /_emulator/state`. */
export function sipState(call: SipCall): Record<string, unknown> {
  return {
    ...sipJson(call),
    uri: call.uri,
    from: call.from ?? null,
    headers: call.headers ?? null,
    auth: call.auth ?? null,
    secure: call.secure,
    video: call.video,
    observeForceMute: call.observeForceMute,
    streams: call.streams ?? null,
  };
}

function readSip(body: Record<string, unknown>) {
  const sip = optObject(body, 'sip');
  if (!sip) throw badRequest('"sip" is required and must be an object with a "uri"');
  const uri = reqString(sip, 'uri');
  if (!/^sips?:/i.test(uri)) throw badRequest('"sip.uri" must be a SIP URI (sip:user@domain.tld)');
  const headers = optStringMap(sip, 'headers');
  for (const name of Object.keys(headers ?? {})) {
    if (!/^x-/i.test(name)) throw badRequest(`Custom SIP headers must start with "X-" (got "${name}")`);
  }
  const authBody = optObject(sip, 'auth');
  let auth: SipCall['auth'];
  if (authBody) {
    const username = optString(authBody, 'username');
    optString(authBody, 'password');
    if (!username) throw badRequest('"sip.auth.username" is required when "sip.auth" is given');
    auth = { username };
  }
  return {
    uri,
    from: optString(sip, 'from'),
    headers,
    auth,
    secure: optBool(sip, 'secure') ?? false,
    video: optBool(sip, 'video') ?? false,
    observeForceMute: optBool(sip, 'observeForceMute') ?? false,
    streams: optStringArray(sip, 'streams'),
  };
}

/** Dial: the SIP participant joins as a connection (with the token's role and data) and a stream. */
async function dial(ctx: RestContext): Promise<Reply> {
  const body = requireObject(ctx.json());
  const sessionId = reqString(body, 'sessionId');
  if (body['token'] === undefined || body['token'] === null || body['token'] === '') throw badRequest('"token" is required');
  const sip = readSip(body);
  const session = ctx.state.session(ctx.project, sessionId);
  if (session.mediaMode !== 'routed') throw conflict('SIP calls are only available for routed sessions (media mode "routed")');
  const token = await verifyBodyToken(body['token'], session, ctx.state.projects);
  const connection = ctx.state.addConnection(session, {
    role: token.role,
    data: token.data ?? '',
    kind: 'sip',
    tokenFormat: token.format,
    layoutClassList: token.layoutClassList,
  });
  const stream = ctx.state.addStream(session, connection, {
    videoType: 'camera',
    name: sip.from ?? '',
    hasAudio: true,
    hasVideo: sip.video,
    layoutClassList: token.layoutClassList,
  });
  const now = Date.now();
  const call: SipCall = {
    id: uuid(),
    seq: ctx.state.nextSeq(),
    project: ctx.project,
    sessionId,
    connectionId: connection.id,
    streamId: stream.id,
    createdAt: now,
    updatedAt: now,
    ...sip,
  };
  ctx.state.sipCalls.set(call.id, call);
  return jsonReply(200, sipJson(call));
}

function readDigits(value: unknown): string {
  const body = requireObject(value);
  const digits = body['digits'];
  if (typeof digits !== 'string' || !DTMF.test(digits)) {
    throw badRequest('"digits" must be a non-empty string of 0-9, *, # and p (a 500 ms pause)');
  }
  return digits;
}

function playDtmf(ctx: RestContext): Reply {
  const session = ctx.state.session(ctx.project, ctx.params['sessionId'] ?? '');
  const target = ctx.params['connectionId'];
  const connection = target === undefined ? undefined : ctx.state.connection(session, target);
  const digits = readDigits(ctx.json());
  ctx.state.logDtmf({ sessionId: session.id, connectionId: connection?.id ?? null, digits });
  return { status: 200 };
}

/** A SIP call ends when its connection goes (force disconnect or hang-up). */
export function install(state: State): void {
  state.on('connectionDestroyed', (_session, connection) => {
    if (connection.kind !== 'sip') return;
    for (const [id, call] of state.sipCalls) if (call.connectionId === connection.id) state.sipCalls.delete(id);
  });
}

export const routes: RestRoute[] = [
  route('POST', `${P}/dial`, dial),
  route('POST', `${P}/session/:sessionId/play-dtmf`, playDtmf),
  route('POST', `${P}/session/:sessionId/connection/:connectionId/play-dtmf`, playDtmf),
];

