import * as z from 'zod/mini';
import type { Project } from '../projects.js';
import { P, route, type RestContext, type RestRoute } from '../rest-context.js';
import { jsonReply, type Reply } from '../router.js';
import { opt, parseBody, stringArray } from '../validation.js';
import { sipMuteForced } from './sip.js';

/** The project-details body that the mute calls answer with (§5.6). */
function projectDetails(project: Project): Record<string, unknown> {
  return {
    ...(project.kind === 'opentok' ? { id: project.key } : { applicationId: project.key }),
    status: 'ACTIVE',
    name: 'Emulated project',
    environment: 'standard',
    createdAt: project.createdAt,
  };
}

function muteStream(ctx: RestContext): Reply {
  const session = ctx.state.session(ctx.project, ctx.params['sessionId'] ?? '');
  const stream = ctx.state.stream(session, ctx.params['streamId'] ?? '');
  stream.audioMuted = true;
  sipMuteForced(ctx.state, stream.id);
  return jsonReply(200, projectDetails(ctx.project));
}

/** POST …/mute (§5.6). */
const muteAllBody = z.object({
  active: z.boolean({ error: 'is required and must be a boolean' }),
  excludedStreamIds: opt(stringArray),
});

/**
 * `{active: true, excludedStreamIds?}` mutes every stream but the excluded ones, now and as they are
 * published; `{active: false}` stops muting new streams (muted ones stay muted).
 */
function muteAll(ctx: RestContext): Reply {
  const session = ctx.state.session(ctx.project, ctx.params['sessionId'] ?? '');
  const { active, excludedStreamIds: excluded = [] } = parseBody(muteAllBody, ctx.json());
  if (active) {
    session.forceMute = { active: true, excluded: new Set(excluded) };
    for (const stream of session.streams.values()) {
      if (session.forceMute.excluded.has(stream.id)) continue;
      stream.audioMuted = true;
      sipMuteForced(ctx.state, stream.id);
    }
  } else {
    session.forceMute = { active: false, excluded: new Set() };
  }
  return jsonReply(200, projectDetails(ctx.project));
}

export const routes: RestRoute[] = [
  route('POST', `${P}/session/:sessionId/stream/:streamId/mute`, muteStream),
  route('POST', `${P}/session/:sessionId/mute`, muteAll),
];
