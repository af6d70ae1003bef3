import type { CallOptions, VideoClient } from '@video/core';
import { parseCallOptions, pathSegment, projectPath } from '@video/core/toolkit';

/**
 * Moves a session to another media server (`POST …/session/{sessionId}/migrate`, no body), for
 * example ahead of a server rotation announced by a `sessionNotification` callback. The API answers
 * 202 ("Session migration initiated") and migrates in the background: connected clients move with
 * it, and so do SIP calls and Audio Connectors started with `sessionMigration: true` (see `dial`
 * and `websocketConnect` in `@video/sip`); other SIP calls and connectors are disconnected.
 * Archives, broadcasts, Experience Composers and live captions are not migrated: start them again
 * once the migration is done.
 *
 * Errors: `ConflictError` (409) when a migration of the session is already in progress (API code
 * 15214, the `code` of the error body) or when the session was created or last migrated too recently
 * (code 15215); `NotFoundError` (404) when no client is connected to the session;
 * `InvalidRequestError` (400) for an invalid session ID; `AuthenticationError` (403) when the
 * credentials are refused or belong to another project; `VideoValidationError` for a session ID
 * that cannot be a path segment (before any request).
 *
 * Not idempotent: a repeat while the first migration runs is a 409, so the call is never repeated
 * after an ambiguous failure (timeout, dropped connection, 500/502/504); 429 and 503 (the request
 * was not processed) are retried.
 */
export async function migrateSession(client: VideoClient, sessionId: string, options: CallOptions = {}): Promise<void> {
  const call = parseCallOptions(options);
  const path = projectPath(client, 'session', pathSegment(sessionId, 'sessionId'), 'migrate');
  await client.request({ operation: 'migrateSession', method: 'POST', path, expect: 'none', idempotent: false, ...call });
}
