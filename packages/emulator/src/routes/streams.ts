import * as z from 'zod/mini';
import { P, route, type RestContext, type RestRoute } from '../rest-context.js';
import { jsonReply, type Reply } from '../router.js';
import type { Stream } from '../state.js';
import { parseBody, requiredString, stringArray } from '../validation.js';

/** The Stream object of §5.7. */
export function streamJson(stream: Stream): Record<string, unknown> {
  return {
    id: stream.id,
    videoType: stream.videoType,
    name: stream.name,
    layoutClassList: [...stream.layoutClassList],
  };
}

function sessionOf(ctx: RestContext) {
  return ctx.state.session(ctx.project, ctx.params['sessionId'] ?? '');
}

function get(ctx: RestContext): Reply {
  const session = sessionOf(ctx);
  return jsonReply(200, streamJson(ctx.state.stream(session, ctx.params['streamId'] ?? '')));
}

function list(ctx: RestContext): Reply {
  const items = [...sessionOf(ctx).streams.values()].map(streamJson);
  return jsonReply(200, { count: items.length, items });
}

const NON_EMPTY = 'must be a non-empty array';

/** PUT …/stream (§5.7): `{items: [{id, layoutClassList}]}`, at least one item. */
const classListsBody = z.object({
  items: z
    .array(z.object({ id: requiredString(), layoutClassList: stringArray }), { error: NON_EMPTY })
    .check(z.minLength(1, { error: NON_EMPTY })),
});

/** Every item is checked, and every stream found, before any stream changes. */
function setClassLists(ctx: RestContext): Reply {
  const session = sessionOf(ctx);
  const { items } = parseBody(classListsBody, ctx.json());
  const changes = items.map(({ id, layoutClassList }) => ({ stream: ctx.state.stream(session, id), classes: layoutClassList }));
  for (const { stream, classes } of changes) stream.layoutClassList = classes;
  const updated = changes.map(({ stream }) => streamJson(stream));
  return jsonReply(200, { count: updated.length, items: updated });
}

export const routes: RestRoute[] = [
  route('GET', `${P}/session/:sessionId/stream`, list),
  route('PUT', `${P}/session/:sessionId/stream`, setClassLists),
  route('GET', `${P}/session/:sessionId/stream/:streamId`, get),
];
