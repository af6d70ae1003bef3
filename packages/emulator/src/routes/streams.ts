import { badRequest } from '../errors.js';
import { P, route, type RestContext, type RestRoute } from '../rest-context.js';
import { jsonReply, type Reply } from '../router.js';
import type { Stream } from '../state.js';
import { isObject, requireObject } from '../validation.js';

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

/** `{items: [{id, layoutClassList}]}`: every item is checked before any stream changes. */
function setClassLists(ctx: RestContext): Reply {
  const session = sessionOf(ctx);
  const body = requireObject(ctx.json());
  const items = body['items'];
  if (!Array.isArray(items) || items.length === 0) throw badRequest('"items" must be a non-empty array');
  const changes = items.map((item, i) => {
    if (!isObject(item)) throw badRequest(`items[${i}] must be an object`);
    const { id, layoutClassList } = item;
    if (typeof id !== 'string' || id === '') throw badRequest(`items[${i}].id must be a stream ID string`);
    if (!Array.isArray(layoutClassList) || !layoutClassList.every((c) => typeof c === 'string')) {
      throw badRequest(`items[${i}].layoutClassList must be an array of strings`);
    }
    return { stream: ctx.state.stream(session, id), classes: [...layoutClassList] as string[] };
  });
  for (const { stream, classes } of changes) stream.layoutClassList = classes;
  const updated = changes.map(({ stream }) => streamJson(stream));
  return jsonReply(200, { count: updated.length, items: updated });
}

export const routes: RestRoute[] = [
  route('GET', `${P}/session/:sessionId/stream`, list),
  route('PUT', `${P}/session/:sessionId/stream`, setClassLists),
  route('GET', `${P}/session/:sessionId/stream/:streamId`, get),
];
