import { projectField } from '../projects.js';
import { P, route, type RestContext, type RestRoute } from '../rest-context.js';
import { emptyReply, jsonReply, type Reply } from '../router.js';

function list(ctx: RestContext): Reply {
  const session = ctx.state.session(ctx.project, ctx.params['sessionId'] ?? '');
  const items = [...session.connections.values()].map((c) => ({
    connectionId: c.id,
    connectionState: 'Connected',
    createdAt: c.createdAt,
  }));
  return jsonReply(200, { count: items.length, ...projectField(ctx.project), sessionId: session.id, items });
}

/** Force disconnect: the connection and its streams go (a SIP call or connector on it ends too). */
function forceDisconnect(ctx: RestContext): Reply {
  const session = ctx.state.session(ctx.project, ctx.params['sessionId'] ?? '');
  const connection = ctx.state.connection(session, ctx.params['connectionId'] ?? '');
  ctx.state.removeConnection(session, connection.id, 'forceDisconnected');
  return emptyReply(204);
}

export const routes: RestRoute[] = [
  route('GET', `${P}/session/:sessionId/connection`, list),
  route('DELETE', `${P}/session/:sessionId/connection/:connectionId`, forceDisconnect),
];
