import { badRequest, notFound } from '../errors.js';
import { uuid } from '../ids.js';
import type { Project } from '../projects.js';
import { P, route, type RestContext, type RestRoute } from '../rest-context.js';
import { emptyReply, jsonReply, type Reply } from '../router.js';
import { reqString, requireObject } from '../validation.js';

/** A legacy project callback (§5.13). */
export interface ProjectCallback {
  id: string;
  seq: number;
  project: Project;
  group: string;
  event: string;
  url: string;
  createdAt: number;
}

export function callbackJson(c: ProjectCallback): Record<string, unknown> {
  return { id: c.id, group: c.group, event: c.event, url: c.url, createdAt: c.createdAt };
}

function register(ctx: RestContext): Reply {
  const body = requireObject(ctx.json());
  const group = reqString(body, 'group', { max: 64 });
  const event = reqString(body, 'event', { max: 64 });
  const url = reqString(body, 'url', { max: 2048 });
  if (!/^https?:\/\//i.test(url)) throw badRequest('"url" must be an http:// or https:// URL');
  const callback: ProjectCallback = {
    id: uuid(),
    seq: ctx.state.nextSeq(),
    project: ctx.project,
    group,
    event,
    url,
    createdAt: Date.now(),
  };
  ctx.state.callbacks.set(callback.id, callback);
  return jsonReply(200, callbackJson(callback));
}

function list(ctx: RestContext): Reply {
  const items = [...ctx.state.callbacks.values()].filter((c) => c.project === ctx.project).sort((a, b) => a.seq - b.seq);
  return jsonReply(200, items.map(callbackJson));
}

function unregister(ctx: RestContext): Reply {
  const callback = ctx.state.callbacks.get(ctx.params['callbackId'] ?? '');
  if (!callback || callback.project !== ctx.project) throw notFound('Callback not found');
  ctx.state.callbacks.delete(callback.id);
  return emptyReply(204);
}

export const routes: RestRoute[] = [
  route('POST', `${P}/callback`, register),
  route('GET', `${P}/callback`, list),
  route('DELETE', `${P}/callback/:callbackId`, unregister),
];
