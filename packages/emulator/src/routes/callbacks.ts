import * as z from 'zod/mini';
import { notFound } from '../errors.js';
import { uuid } from '../ids.js';
import type { Project } from '../projects.js';
import { P, route, type RestContext, type RestRoute } from '../rest-context.js';
import { emptyReply, jsonReply, type Reply } from '../router.js';
import { parseBody, requiredString } from '../validation.js';

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

/**
 * POST /callback (§5.13; callbacks.md §2.2: groups `connection` and `stream`, events `created` and
 * `destroyed`). The reference gives no length limit for `url`; 2048 characters, as for the other
 * callback URLs of the API, keeps the emulator's state bounded.
 */
const registerBody = z.object({
  group: z.pipe(requiredString(), z.enum(['connection', 'stream'])),
  event: z.pipe(requiredString(), z.enum(['created', 'destroyed'])),
  url: requiredString(z.maxLength(2048), z.regex(/^https?:\/\/[^/?#\s]/i, { error: 'must be an http:// or https:// URL' })),
});

const short = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

/**
 * The endpoint exists for OpenTok projects only: the Vonage Video API (application paths) has no
 * `/callback` (rest-api-2026.md N5: the Application API replaced it). On an application's path it
 * answers what any path that is no route answers.
 */
function projectOnly(ctx: RestContext): void {
  if (ctx.project.kind !== 'opentok') throw notFound(`Not found: ${ctx.method} ${short(ctx.path)}`);
}

function register(ctx: RestContext): Reply {
  projectOnly(ctx);
  const { group, event, url } = parseBody(registerBody, ctx.json());
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
  projectOnly(ctx);
  const items = [...ctx.state.callbacks.values()].filter((c) => c.project === ctx.project).sort((a, b) => a.seq - b.seq);
  return jsonReply(200, items.map(callbackJson));
}

function unregister(ctx: RestContext): Reply {
  projectOnly(ctx);
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
