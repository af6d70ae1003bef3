import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  InvalidRequestError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  type VideoClient,
} from '@video/core';
import { createSession, migrateSession } from '@video/sessions';
import { expectAuthHeaders, MODES, projectPrefix, sessionWithClients, startHarness, type Harness, type Mode } from '../../../test/support/harness.js';
import {
  BAD_IDS,
  expectApiError,
  expectRejectedLocally,
  failNext,
  rejection,
  unknownSessionId,
  until,
  wrongKeyClient,
} from '../../../test/support/assertions.js';

const IN_PROGRESS = 'Migration is already in progress for the session.';
const TOO_SOON = 'Migration is not allowed shortly after session creation or a previous migration.';

let h: Harness;
/** Migrations that last until the test ends, to see 15214. */
let slow: Harness;
/** A window after creation and after each migration, to see 15215. */
let windowed: Harness;
beforeAll(async () => {
  [h, slow, windowed] = await Promise.all([
    startHarness({ migrationDurationMs: 20 }),
    startHarness({ migrationDurationMs: 60_000 }),
    startHarness({ migrationWindowMs: 60_000 }),
  ]);
});
afterAll(() => Promise.all([h, slow, windowed].map((x) => x.stop())));

describe.each(MODES)('migrateSession (%s credentials)', (mode: Mode) => {
  let client: VideoClient;
  beforeAll(() => {
    client = h.client(mode);
  });

  const migrationOf = async (harness: Harness, sessionId: string) =>
    (await harness.emu.control.state()).sessions.find((s) => s.sessionId === sessionId)!.migration;

  it('sends a POST without a body and resolves on the 202; the session migrates', async () => {
    const { sessionId } = await sessionWithClients(client, h.emu);
    await h.mark();
    await expect(migrateSession(client, sessionId)).resolves.toBeUndefined();
    const request = await h.lastRequest();
    expect({ method: request.method, path: request.path, query: request.query, rawBody: request.rawBody, status: request.status }).toEqual({
      method: 'POST',
      path: `${projectPrefix(client)}/session/${sessionId}/migrate`,
      query: {},
      rawBody: '',
      status: 202,
    });
    expectAuthHeaders(request, mode, false);
    const done = await until(
      () => migrationOf(h, sessionId),
      (m) => m.count === 1,
    );
    expect(done).toMatchObject({ migrating: false, count: 1 });
  });

  it('maps a migration in progress to a ConflictError with API code 15214', async () => {
    const c = slow.client(mode);
    const { sessionId } = await sessionWithClients(c, slow.emu);
    await migrateSession(c, sessionId);
    const error = await expectApiError(() => migrateSession(c, sessionId), ConflictError, { status: 409, code: 'conflict', message: IN_PROGRESS });
    expect(error.body).toEqual({ code: 15214, message: IN_PROGRESS });
    expect(await migrationOf(slow, sessionId)).toMatchObject({ migrating: true, count: 0 });
  });

  it('maps a migration too soon after creation to a ConflictError with API code 15215', async () => {
    const c = windowed.client(mode);
    const { sessionId } = await sessionWithClients(c, windowed.emu);
    const error = await expectApiError(() => migrateSession(c, sessionId), ConflictError, { status: 409, code: 'conflict', message: TOO_SOON });
    expect(error.body).toEqual({ code: 15215, message: TOO_SOON });
    expect((await migrationOf(windowed, sessionId)).startedAt).toBeNull();
  });

  it('maps a session without clients and an unknown session to NotFoundError', async () => {
    const { sessionId } = await createSession(client, { mediaMode: 'routed' });
    await expectApiError(() => migrateSession(client, sessionId), NotFoundError, {
      status: 404,
      code: 'not_found',
      message: 'No clients are actively connected to the session.',
    });
    await expectApiError(() => migrateSession(client, unknownSessionId(client)), NotFoundError, {
      status: 404,
      code: 'not_found',
      message: 'Session not found',
    });
  });

  it('maps an invalid session ID to InvalidRequestError and refused credentials to AuthenticationError', async () => {
    await expectApiError(() => migrateSession(client, 'not-a-session'), InvalidRequestError, {
      status: 400,
      code: 'bad_request',
      message: 'Invalid session ID: "not-a-session"',
    });
    const { sessionId } = await sessionWithClients(client, h.emu);
    await expectApiError(() => migrateSession(wrongKeyClient(h, mode), sessionId), AuthenticationError, {
      status: 403,
      code: 'authentication_failed',
      message: 'Invalid token signature',
    });
    expect((await migrationOf(h, sessionId)).startedAt).toBeNull();
  });

  it('is never repeated after a 500, a dropped connection or a timeout; 429 and 503 are retried', async () => {
    const { sessionId } = await sessionWithClients(client, h.emu);
    const retrying = h.client(mode, { retry: { maxAttempts: 3, baseDelay: 1 } });
    const path = `${projectPrefix(client)}/session/${sessionId}/migrate`;

    await failNext(h, 'POST', path, 500, 'Internal error');
    await h.mark();
    const server = await rejection(migrateSession(retrying, sessionId));
    expect(server).toBeInstanceOf(ServerError);
    expect(server).toMatchObject({ status: 500, retryable: false });
    expect(await h.requests()).toHaveLength(1);

    await h.emu.control.injectFault({ method: 'POST', path, afterHandling: true, action: { type: 'drop' } });
    await h.mark();
    expect(await rejection(migrateSession(retrying, sessionId))).toBeInstanceOf(NetworkError);
    expect(await h.requests()).toHaveLength(1);
    await until(
      () => migrationOf(h, sessionId),
      (m) => m.count === 1,
    );

    await h.emu.control.injectFault({ method: 'POST', path, afterHandling: true, action: { type: 'delay', ms: 1000 } });
    await h.mark();
    expect(await rejection(migrateSession(retrying, sessionId, { timeout: 100 }))).toBeInstanceOf(TimeoutError);
    expect(await h.requests()).toHaveLength(1);
    await until(
      () => migrationOf(h, sessionId),
      (m) => m.count === 2,
    );

    for (const status of [429, 503]) {
      await failNext(h, 'POST', path, status, 'Try again');
      await h.mark();
      await migrateSession(retrying, sessionId);
      expect((await h.requests()).map((r) => r.status)).toEqual([status, 202]);
      await until(
        () => migrationOf(h, sessionId),
        (m) => !m.migrating,
      );
    }
    await failNext(h, 'POST', path, 429, 'Slow down');
    expect(await rejection(migrateSession(client, sessionId))).toBeInstanceOf(RateLimitError);
  });

  it.each(BAD_IDS)('rejects a session ID that is %s', async (_, bad) => {
    await expectRejectedLocally(h, () => migrateSession(client, bad as string), 'sessionId');
  });

  it('rejects unknown and invalid options', async () => {
    await expectRejectedLocally(h, () => migrateSession(client, 'S', { force: true } as never), 'force');
    await expectRejectedLocally(h, () => migrateSession(client, 'S', { timeout: -1 }), 'timeout');
    await expectRejectedLocally(h, () => migrateSession(client, 'S', 'now' as never), 'options');
  });
});
