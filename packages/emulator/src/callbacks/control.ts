// The control routes of callbacks: registrations, the delivery log, and the events that no REST
// call produces (rotation notices, failures, SIP call progress).
import * as z from 'zod/mini';
import type { ControlContext } from '../control-context.js';
import type { CallbackType } from '../control-types.js';
import { badRequest, notFound } from '../errors.js';
import { emptyReply, jsonReply, type Reply, type Route } from '../router.js';
import { failBroadcast } from '../routes/broadcasts.js';
import { stopCaptions } from '../routes/captions.js';
import { finishRender } from '../routes/renders.js';
import type { Session } from '../state.js';
import { opt, parseBody, requiredString } from '../validation.js';
import type { CallbackDispatcher } from './delivery.js';
import { sessionDestroyed, sessionNotification, sipCallback } from './events.js';
import { CALLBACK_TYPES, isCallbackType } from './types.js';

const C = '/_emulator';

function dispatcherOf(ctx: ControlContext): CallbackDispatcher {
  // Always set by startEmulator; a State built without one has no callbacks to control.
  if (!ctx.state.dispatcher) throw notFound('Callbacks are not enabled');
  return ctx.state.dispatcher;
}

function typeOf(ctx: ControlContext): CallbackType {
  const type = ctx.params['type'];
  if (!isCallbackType(type)) throw notFound(`Unknown callback type; one of: ${CALLBACK_TYPES.join(', ')}`);
  return type;
}

/** PUT /_emulator/callback-registrations/{type}. */
const registrationBody = z.object({
  url: requiredString(z.maxLength(2048)),
  active: opt(z.boolean()),
  secret: opt(z.string().check(z.minLength(1, { error: 'must not be empty (leave it out for unsigned callbacks)' }), z.maxLength(1024))),
});

function register(ctx: ControlContext): Reply {
  const dispatcher = dispatcherOf(ctx);
  const type = typeOf(ctx);
  const body = parseBody(registrationBody, ctx.json());
  const problem = dispatcher.urlProblem(body.url);
  if (problem !== undefined) throw badRequest(`"url" ${problem}`);
  return jsonReply(200, dispatcher.register(type, body));
}

function unregister(ctx: ControlContext): Reply {
  if (!dispatcherOf(ctx).unregister(typeOf(ctx))) throw notFound('No callback is registered for this type');
  return emptyReply(204);
}

function sessionOf(ctx: ControlContext): Session {
  const session = ctx.state.sessions.get(ctx.params['sessionId'] ?? '');
  if (!session) throw notFound('Session not found');
  return session;
}

const reasonBody = z.object({ reason: opt(z.string().check(z.maxLength(1000))) });
const destroyedBody = z.object({ reason: opt(z.enum(['serverRotation', 'forceDisconnected'])) });
const sipStateBody = z.object({ state: z.enum(['DIALING', 'RINGING', 'ON_HOLD', 'ACTIVE', 'HANGUP']) });

function failBroadcastRoute(ctx: ControlContext): Reply {
  const broadcast = ctx.state.broadcasts.get(ctx.params['broadcastId'] ?? '');
  if (!broadcast) throw notFound('Broadcast not found');
  if (broadcast.status !== 'started') throw badRequest('Only a started broadcast can fail');
  const { reason } = parseBody(reasonBody, ctx.json(), { optional: true });
  failBroadcast(ctx.state, broadcast, reason ?? 'Broadcast node failure');
  return emptyReply(204);
}

function failRender(ctx: ControlContext): Reply {
  const render = ctx.state.renders.get(ctx.params['renderId'] ?? '');
  if (!render) throw notFound('Render not found');
  if (render.status !== 'starting' && render.status !== 'started') throw badRequest('Only a starting or started render can fail');
  const { reason } = parseBody(reasonBody, ctx.json(), { optional: true });
  finishRender(ctx.state, render, reason ?? 'Could not load the page', 'failed');
  return emptyReply(204);
}

function failCaptions(ctx: ControlContext): Reply {
  const captions = ctx.state.captions.get(ctx.params['captionsId'] ?? '');
  if (!captions) throw notFound('Captions not found');
  if (captions.status !== 'started' && captions.status !== 'paused') throw badRequest('Only started or paused captions can fail');
  const { reason } = parseBody(reasonBody, ctx.json(), { optional: true });
  stopCaptions(ctx.state, captions, reason ?? 'Transcription engine failure', 'failed');
  return emptyReply(204);
}

/** A SIP call's progress: `callUpdated` with the state; HANGUP also ends the call (`callDestroyed`). */
function sipState(ctx: ControlContext): Reply {
  const call = ctx.state.sipCalls.get(ctx.params['callId'] ?? '');
  if (!call) throw notFound('SIP call not found');
  const { state } = parseBody(sipStateBody, ctx.json());
  sipCallback(ctx.state, call, 'sip_call_updated', { state });
  if (state === 'HANGUP') {
    const session = ctx.state.sessions.get(call.sessionId);
    if (session) ctx.state.removeConnection(session, call.connectionId);
  }
  return emptyReply(204);
}

export const callbackControlRoutes: Route<ControlContext>[] = [
  { method: 'GET', path: `${C}/callback-registrations`, handle: (ctx) => jsonReply(200, dispatcherOf(ctx).listRegistrations()) },
  { method: 'PUT', path: `${C}/callback-registrations/:type`, handle: register },
  { method: 'DELETE', path: `${C}/callback-registrations/:type`, handle: unregister },
  { method: 'GET', path: `${C}/deliveries`, handle: (ctx) => jsonReply(200, dispatcherOf(ctx).list()) },
  {
    method: 'DELETE',
    path: `${C}/deliveries`,
    handle: (ctx) => {
      dispatcherOf(ctx).clearLog();
      return emptyReply(204);
    },
  },
  {
    method: 'POST',
    path: `${C}/sessions/:sessionId/notification`,
    handle: (ctx) => {
      sessionNotification(ctx.state, sessionOf(ctx));
      return emptyReply(204);
    },
  },
  {
    method: 'POST',
    path: `${C}/sessions/:sessionId/destroyed`,
    handle: (ctx) => {
      const session = sessionOf(ctx);
      const { reason } = parseBody(destroyedBody, ctx.json(), { optional: true });
      sessionDestroyed(ctx.state, session, reason ?? 'serverRotation');
      return emptyReply(204);
    },
  },
  { method: 'POST', path: `${C}/broadcasts/:broadcastId/fail`, handle: failBroadcastRoute },
  { method: 'POST', path: `${C}/renders/:renderId/fail`, handle: failRender },
  { method: 'POST', path: `${C}/captions/:captionsId/fail`, handle: failCaptions },
  { method: 'POST', path: `${C}/sip-calls/:callId/state`, handle: sipState },
];
