import { conflict, notFound } from '../errors.js';
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
 * started again by the application. Each is stopped as its own stop would (automatic archives
 * too). SIP calls and Audio Connectors follow migrations in their own modules (sip.ts,
 * audio-connector.ts): only those started with `sessionMigration: true` survive.
 */
function endWhatDoesNotMigrate(state: State, session: Session): void {
  const now = Date.now();
  for (const archive of state.archives.values()) {
    if (archive.sessionId !== session.id || (archive.status !== 'started' && archive.status !== 'paused')) continue;
    // As archives.ts stops one: `stopped` now, `available` after the processing delay.
    archive.status = 'stopped';
    archive.reason = REASON;
    archive.stoppedAt = now;
    archive.updatedAt = now;
    state.timers.set(() => {
      if (archive.status !== 'stopped') return;
      archive.status = 'available';
      archive.updatedAt = Date.now();
    }, state.settings.archiveProcessingMs);
  }
  for (const broadcast of state.broadcasts.values()) {
    if (broadcast.sessionId !== session.id || broadcast.status !== 'started') continue;
    // As broadcasts.ts stops one.
    broadcast.status = 'stopped';
    broadcast.updatedAt = now;
    if (broadcast.hls) broadcast.hls.status = 'ended';
    for (const target of broadcast.rtmp) target.status = 'offline';
  }
  for (const captions of state.captions.values()) {
    if (captions.sessionId !== session.id || (captions.status !== 'started' && captions.status !== 'paused')) continue;
    captions.status = 'stopped';
    captions.reason = REASON;
    captions.stoppedAt = now;
    captions.updatedAt = now;
  }
  for (const render of [...state.renders.values()]) {
    if (render.sessionId !== session.id || (render.status !== 'starting' && render.status !== 'started')) continue;
    // Stopped first, so that renders.ts, seeing its connection go, keeps this reason.
    render.status = 'stopped';
    render.reason = REASON;
    render.updatedAt = now;
    state.removeConnection(session, render.connectionId);
  }
}

export function install(state: State): void {
  state.on('sessionMigrated', (session) => endWhatDoesNotMigrate(state, session));
}

export const routes: RestRoute[] = [route('POST', `${P}/session/:sessionId/migrate`, migrate)];
