// What each state change sends: the payloads of callbacks.md §2.1, built from the emulator's own
// objects, and the targets each goes to (the registration of its type, legacy `/callback`
// registrations, a request's `statusCallbackUrl`).
import type { CallbackType, SipCallState } from '../control-types.js';
import type { Project } from '../projects.js';
import type { Connection, DestroyReason, Session, State, Stream } from '../state.js';
import type { Target } from './delivery.js';

/** The legacy `/callback` group and event of a session-monitoring type. */
const LEGACY: Partial<Record<CallbackType, [group: string, event: string]>> = {
  connection_created: ['connection', 'created'],
  connection_destroyed: ['connection', 'destroyed'],
  stream_created: ['stream', 'created'],
  stream_destroyed: ['stream', 'destroyed'],
};

/**
 * Sends `payload` as a callback of `type` for `project`: to the registration of the type (or, when
 * the request gave one, to its `statusCallbackUrl` instead, signed with the type's secret), and to
 * the project's legacy registrations of the matching group and event (unsigned).
 */
export function emitCallback(
  state: State,
  project: Project,
  type: CallbackType,
  payload: Record<string, unknown>,
  statusCallbackUrl?: string,
): void {
  const dispatcher = state.dispatcher;
  if (!dispatcher) return;
  const targets: Target[] = [];
  if (statusCallbackUrl !== undefined) {
    targets.push({ url: statusCallbackUrl, source: 'statusCallbackUrl', secret: dispatcher.secretOf(type) });
  } else {
    const registered = dispatcher.registered(type);
    if (registered) targets.push(registered);
  }
  const legacy = LEGACY[type];
  if (legacy) {
    const matching = [...state.callbacks.values()]
      .filter((c) => c.project === project && c.group === legacy[0] && c.event === legacy[1])
      .sort((a, b) => a.seq - b.seq);
    for (const c of matching) targets.push({ url: c.url, source: 'legacy', secret: undefined });
  }
  dispatcher.send(project, type, payload, targets);
}

/** The fields of every session-monitoring and SIP callback. */
function monitoring(session: Session, event: string): Record<string, unknown> {
  return { sessionId: session.id, projectId: session.project.key, event, timestamp: Date.now() };
}

const connectionInfo = (c: Connection) => ({ id: c.id, createdAt: c.createdAt, data: c.data });

function streamInfo(session: Session, s: Stream): Record<string, unknown> {
  const connection = session.connections.get(s.connectionId);
  return {
    id: s.id,
    connection: connection ? connectionInfo(connection) : { id: s.connectionId },
    createdAt: s.createdAt,
    name: s.name,
    videoType: s.videoType,
  };
}

/** `sessionDestroyed`, with the reason of a failure or a rotation when there was one. */
export function sessionDestroyed(state: State, session: Session, reason?: 'forceDisconnected' | 'serverRotation'): void {
  emitCallback(state, session.project, 'session_destroyed', { ...monitoring(session, 'sessionDestroyed'), ...(reason ? { reason } : {}) });
}

/** `sessionNotification`: a media-server rotation is coming. */
export function sessionNotification(state: State, session: Session): void {
  emitCallback(state, session.project, 'session_notification', { ...monitoring(session, 'sessionNotification'), reason: 'serverRotation' });
}

interface SipCallLike {
  id: string;
  project: Project;
  sessionId: string;
  connectionId: string;
  createdAt: number;
}

/** A SIP callback: `callCreated`, `callUpdated` (with `state`), `callDestroyed` (with `reason_code`), `muteForced`. */
export function sipCallback(
  state: State,
  call: SipCallLike,
  type: 'sip_call_created' | 'sip_call_updated' | 'sip_call_destroyed' | 'sip_call_mute_forced',
  extra: { state?: SipCallState; reasonCode?: number; reasonMessage?: string } = {},
): void {
  const session = state.sessions.get(call.sessionId);
  if (!session) return;
  const event = { sip_call_created: 'callCreated', sip_call_updated: 'callUpdated', sip_call_destroyed: 'callDestroyed', sip_call_mute_forced: 'muteForced' }[type];
  emitCallback(state, call.project, type, {
    ...monitoring(session, event),
    call: { id: call.id, connectionId: call.connectionId, createdAt: call.createdAt },
    ...(extra.state !== undefined ? { state: extra.state } : {}),
    ...(extra.reasonCode !== undefined ? { reason_code: extra.reasonCode, reason_message: extra.reasonMessage ?? '' } : {}),
  });
}

/** The session-monitoring callbacks, from the connections and streams that come and go. */
export function install(state: State): void {
  state.on('connectionCreated', (session, connection) => {
    if (session.connections.size === 1) emitCallback(state, session.project, 'session_created', monitoring(session, 'sessionCreated'));
    emitCallback(state, session.project, 'connection_created', { ...monitoring(session, 'connectionCreated'), connection: connectionInfo(connection) });
  });
  state.on('connectionDestroyed', (session, connection, reason: DestroyReason) => {
    emitCallback(state, session.project, 'connection_destroyed', {
      ...monitoring(session, 'connectionDestroyed'),
      connection: connectionInfo(connection),
      reason,
    });
    if (session.connections.size === 0) sessionDestroyed(state, session);
  });
  state.on('streamCreated', (session, stream) => {
    emitCallback(state, session.project, 'stream_created', { ...monitoring(session, 'streamCreated'), stream: streamInfo(session, stream) });
  });
  state.on('streamDestroyed', (session, stream, reason: DestroyReason) => {
    emitCallback(state, session.project, 'stream_destroyed', { ...monitoring(session, 'streamDestroyed'), stream: streamInfo(session, stream), reason });
  });
}
