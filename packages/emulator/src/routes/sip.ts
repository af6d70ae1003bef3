import * as z from 'zod/mini';
import { sipCallback } from '../callbacks/events.js';
import { verifyBodyToken } from '../client-tokens.js';
import { conflict } from '../errors.js';
import { uuid } from '../ids.js';
import { projectField, type Project } from '../projects.js';
import { P, route, type RestContext, type RestRoute } from '../rest-context.js';
import { jsonReply, type Reply } from '../router.js';
import type { State } from '../state.js';
import { opt, parseBody, requiredString, rule, stringArray, stringMap } from '../validation.js';

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
  /** Started with `sessionMigration: true`: the call survives a session migration. */
  sessionMigration: boolean;
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
    sessionMigration: call.sessionMigration,
  };
}

/** `sip` of POST /dial (§5.9). Custom headers must be `X-` headers; digest auth needs a username. */
const sipSchema = z.object(
  {
    uri: requiredString(z.regex(/^sips?:/i, { error: 'must be a SIP URI (sip:user@domain.tld)' })),
    from: opt(z.string()),
    headers: opt(
      stringMap.check(
        rule((headers) => {
          const name = Object.keys(headers).find((key) => !/^x-/i.test(key));
          return name === undefined
            ? undefined
            : { path: [name], message: 'is not allowed: custom SIP header names must start with "X-"' };
        }),
      ),
    ),
    auth: opt(z.object({ username: requiredString(), password: opt(z.string()) })),
    secure: opt(z.boolean()),
    video: opt(z.boolean()),
    observeForceMute: opt(z.boolean()),
    streams: opt(stringArray),
  },
  { error: (issue) => (issue.input == null ? 'is required and must be an object with a "uri"' : undefined) },
);

/**
 * POST /dial: the client token the SIP participant connects with, and the call. `sessionMigration`
 * is read at the top level of the body: the guide names the field without saying where it goes.
 */
const dialBody = z.object({ sessionId: requiredString(), token: requiredString(), sessionMigration: opt(z.boolean()), sip: sipSchema });

/** Dial: the SIP participant joins as a connection (with the token's role and data) and a stream. */
async function dial(ctx: RestContext): Promise<Reply> {
  const body = parseBody(dialBody, ctx.json());
  const { sessionId, sip: given } = body;
  // Only whether digest auth was given is kept: never the password.
  const sip = {
    uri: given.uri,
    from: given.from,
    headers: given.headers,
    auth: given.auth ? { username: given.auth.username } : undefined,
    secure: given.secure ?? false,
    video: given.video ?? false,
    observeForceMute: given.observeForceMute ?? false,
    streams: given.streams,
  };
  const session = ctx.state.session(ctx.project, sessionId);
  if (session.mediaMode !== 'routed') throw conflict('SIP calls are only available for routed sessions (media mode "routed")');
  const token = await verifyBodyToken(body.token, session, ctx.state.projects);
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
    sessionMigration: body.sessionMigration ?? false,
  };
  ctx.state.sipCalls.set(call.id, call);
  sipCallback(ctx.state, call, 'sip_call_created');
  return jsonReply(200, sipJson(call));
}

const DIGITS_MESSAGE = 'must be a non-empty string of 0-9, *, # and p (a 500 ms pause)';

/** POST …/play-dtmf (§5.10). */
const dtmfBody = z.object({ digits: z.string({ error: DIGITS_MESSAGE }).check(z.regex(DTMF, { error: DIGITS_MESSAGE })) });

function playDtmf(ctx: RestContext): Reply {
  const session = ctx.state.session(ctx.project, ctx.params['sessionId'] ?? '');
  const target = ctx.params['connectionId'];
  const connection = target === undefined ? undefined : ctx.state.connection(session, target);
  const { digits } = parseBody(dtmfBody, ctx.json());
  ctx.state.logDtmf({ sessionId: session.id, connectionId: connection?.id ?? null, digits });
  return { status: 200 };
}

/**
 * The `muteForced` callback of the SIP call publishing `streamId`, when the call observes force
 * mutes (`observeForceMute`: only then is the SIP side told).
 */
export function sipMuteForced(state: State, streamId: string): void {
  for (const call of state.sipCalls.values()) {
    if (call.streamId === streamId && call.observeForceMute) sipCallback(state, call, 'sip_call_mute_forced');
  }
}

/**
 * A SIP call ends when its connection goes (force disconnect or hang-up). A session migration
 * disconnects the calls that were not started with `sessionMigration: true`.
 */
export function install(state: State): void {
  state.on('connectionDestroyed', (_session, connection) => {
    if (connection.kind !== 'sip') return;
    for (const [id, call] of state.sipCalls) {
      if (call.connectionId !== connection.id) continue;
      state.sipCalls.delete(id);
      // 700: normal clearing (callbacks.md §2.1): the call was hung up from the session's side.
      sipCallback(state, call, 'sip_call_destroyed', { reasonCode: 700, reasonMessage: 'Normal clearing' });
    }
  });
  state.on('sessionMigrated', (session) => {
    const dropped = [...state.sipCalls.values()].filter((call) => call.sessionId === session.id && !call.sessionMigration);
    for (const call of dropped) state.removeConnection(session, call.connectionId);
  });
}

export const routes: RestRoute[] = [
  route('POST', `${P}/dial`, dial),
  route('POST', `${P}/session/:sessionId/play-dtmf`, playDtmf),
  route('POST', `${P}/session/:sessionId/connection/:connectionId/play-dtmf`, playDtmf),
];

