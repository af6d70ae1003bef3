import { conflict, notFound } from '../errors.js';
import { stopArchive } from './archives.js';
import { stopBroadcast } from './broadcasts.js';
import { stopCaptions } from './captions.js';
import { finishRender } from './renders.js';
import { P, route, type RestContext, type RestRoute } from '../rest-context.js';
import { jsonReply, type Reply } from '../router.js';
import type { Session, State } from '../state.js';

const TIMER = 'migration';
const REASON = 'Session migrated';

/**
 * POST …/session/{sessionId}/migrate (rest-api-2026 N1), no body (one sent is ignored). Checked in
 * this order: 400 for text that is no session ID, 404 for an unknown session or one without any
 * connection, 409 code 15214 while a migration runs, 409 code 15215 within `migrationWindowMs` of
 * the session's creation or of its last completed migration. Then 202, and the migration completes
 * `migrationDurationMs` later.
 */
function migrate(ctx: RestContext): Reply {
  const { state } = ctx;
  const session = state.session(ctx.project, ctx.params['sessionId'] ?? '');
  if (session.connections.size === 0) throw notFound('No clients are actively connected to the session.');
  const migration = session.migration;
  if (migration.migrating) throw conflict('Migration is already in progress for the session.', 15214);
  const since = migration.migratedAt ?? session.createdAt;
  if (Date.now() - since < state.settings.migrationWindowMs) {
    throw conflict('Migration is not allowed shortly after session creation or a previous migration.', 15215);
  }
  migration.migrating = true;
  migration.startedAt = Date.now();
  state.setSessionTimer(session, TIMER, () => state.completeMigration(session), state.settings.migrationDurationMs);
  return jsonReply(202, { message: 'Session migration initiated' });
}

/**
 * What a completed migration ends in the families whose modules do not follow migrations
 * themselves: the guide says archives, broadcasts, Experience Composers and live captions must be
 * started again by the application. Each is stopped by its own module's stop, callbacks included
 * (automatic archives too). SIP calls and Audio Connectors follow migrations in their own modules (sip.ts,
 * audio-connector.ts): only those started with `sessionMigration: true` survive.
 */
function endWhatDoesNotMigrate(state: State, session: Session): void {
  for (const archive of [...state.archives.values()]) {
    if (archive.sessionId === session.id && (archive.status === 'started' || archive.status === 'paused')) stopArchive(state, archive, REASON);
  }
  for (const broadcast of [...state.broadcasts.values()]) {
    if (broadcast.sessionId === session.id && broadcast.status === 'started') stopBroadcast(state, broadcast);
  }
  for (const captions of [...state.captions.values()]) {
    if (captions.sessionId === session.id) stopCaptions(state, captions, REASON);
  }
  for (const render of [...state.renders.values()]) {
    if (render.sessionId === session.id && (render.status === 'starting' || render.status === 'started')) finishRender(state, render, REASON);
  }
}

export function install(state: State): void {
  state.on('sessionMigrated', (session) => endWhatDoesNotMigrate(state, session));
}

export const routes: RestRoute[] = [route('POST', `${P}/session/:sessionId/migrate`, migrate)];
