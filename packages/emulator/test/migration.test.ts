// Session migration (rest-api-2026 N1, N2): the route, its refusals, and what a completed migration
// does to the session's SIP calls, Audio Connectors, archives, broadcasts, renders and captions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator, EmulatorOptions, SessionState } from '../src/index.js';
import { clientToken, eventually, liveSession, rest, startTestEmulator, type Rest, type Scheme } from './helpers.js';

const SCHEMES: Scheme[] = ['opentok', 'vonage'];
const INITIATED = { message: 'Session migration initiated' };
const IN_PROGRESS = { code: 15214, message: 'Migration is already in progress for the session.' };
const TOO_SOON = { code: 15215, message: 'Migration is not allowed shortly after session creation or a previous migration.' };
const NO_CLIENTS = { code: 404, message: 'No clients are actively connected to the session.' };

const emulators: Emulator[] = [];
async function start(options: EmulatorOptions = {}) {
  const emu = await startTestEmulator(options);
  emulators.push(emu);
  return { emu, api: { opentok: rest(emu, 'opentok'), vonage: rest(emu, 'vonage') } };
}
afterAll(() => Promise.all(emulators.map((emu) => emu.stop())));

async function sessionState(emu: Emulator, sessionId: string): Promise<SessionState> {
  const session = (await emu.control.state()).sessions.find((s) => s.sessionId === sessionId);
  if (!session) throw new Error(`no session ${sessionId}`);
  return session;
}

const migrate = (api: Rest, sessionId: string) => api.call('POST', `/session/${sessionId}/migrate`);

describe.each(SCHEMES)('POST …/session/{id}/migrate (%s path)', (scheme) => {
  let emu: Emulator;
  let api: Rest;
  let slow: { emu: Emulator; api: Rest };
  beforeAll(async () => {
    const fast = await start({ migrationDurationMs: 30 });
    emu = fast.emu;
    api = fast.api[scheme];
    const long = await start({ migrationDurationMs: 60_000 });
    slow = { emu: long.emu, api: long.api[scheme] };
  });

  it('answers 202 {message}, is migrating for migrationDurationMs, then records the migration', async () => {
    const { sessionId } = await liveSession(emu, api);
    expect((await sessionState(emu, sessionId)).migration).toEqual({ migrating: false, startedAt: null, migratedAt: null, count: 0 });
    const before = Date.now();
    const answer = await migrate(api, sessionId);
    expect({ status: answer.status, json: answer.json, type: answer.headers.get('content-type') }).toEqual({
      status: 202,
      json: INITIATED,
      type: 'application/json',
    });
    const done = await eventually(async () => {
      const { migration } = await sessionState(emu, sessionId);
      return migration.migrating ? undefined : migration;
    });
    expect(done.count).toBe(1);
    expect(done.startedAt).toBeGreaterThanOrEqual(before);
    expect(done.migratedAt! - done.startedAt!).toBeGreaterThanOrEqual(25);
    // The default window is 0: migrating again right away is allowed.
    expect((await migrate(api, sessionId)).status).toBe(202);
    await eventually(async () => ((await sessionState(emu, sessionId)).migration.count === 2 ? true : undefined));
  });

  it('409 code 15214 while a migration runs; the state says so', async () => {
    const { sessionId } = await liveSession(slow.emu, slow.api);
    expect((await migrate(slow.api, sessionId)).status).toBe(202);
    const again = await migrate(slow.api, sessionId);
    expect({ status: again.status, json: again.json }).toEqual({ status: 409, json: IN_PROGRESS });
    const { migration } = await sessionState(slow.emu, sessionId);
    expect(migration).toEqual({ migrating: true, startedAt: expect.any(Number), migratedAt: null, count: 0 });
  });

  it('404 without any connection (before and after clients), 404 for an unknown session, 400 for a bad ID', async () => {
    const empty = await api.session();
    const none = await migrate(api, empty);
    expect({ status: none.status, json: none.json }).toEqual({ status: 404, json: NO_CLIENTS });
    const { sessionId, connectionId } = await liveSession(emu, api);
    await emu.control.disconnect(sessionId, connectionId);
    expect((await migrate(api, sessionId)).json).toEqual(NO_CLIENTS);
    expect((await sessionState(emu, sessionId)).migration.startedAt).toBeNull();

    const other = scheme === 'opentok' ? rest(emu, 'vonage') : rest(emu, 'opentok');
    const { sessionId: foreign } = await liveSession(emu, other);
    const unknown = await migrate(api, foreign);
    expect({ status: unknown.status, json: unknown.json }).toEqual({ status: 404, json: { code: 404, message: 'Session not found' } });
    const bad = await migrate(api, 'not-a-session');
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/Invalid session ID/);
  });

  it('is refused without valid REST auth, and changes nothing', async () => {
    const { sessionId } = await liveSession(emu, api);
    const answer = await fetch(`${emu.url}/v2/project/${api.key}/session/${sessionId}/migrate`, { method: 'POST' });
    expect(answer.status).toBe(403);
    expect((await sessionState(emu, sessionId)).migration.startedAt).toBeNull();
  });

  it('ignores a body', async () => {
    const { sessionId } = await liveSession(emu, api);
    expect((await api.call('POST', `/session/${sessionId}/migrate`, { anything: true })).status).toBe(202);
  });
});

describe('the migration window (migrationWindowMs)', () => {
  it('refuses with 15215 right after creation, and after a completed migration, until the window passed', async () => {
    const { emu, api } = await start({ migrationWindowMs: 60_000, migrationDurationMs: 0 });
    const { sessionId } = await liveSession(emu, api.opentok);
    const answer = await migrate(api.opentok, sessionId);
    expect({ status: answer.status, json: answer.json }).toEqual({ status: 409, json: TOO_SOON });
    expect((await sessionState(emu, sessionId)).migration.startedAt).toBeNull();
  });

  it('allows a migration once the window has passed, measured from creation, then from the last migration', async () => {
    const WINDOW = 250;
    const { emu, api } = await start({ migrationWindowMs: WINDOW, migrationDurationMs: 0 });
    const { sessionId } = await liveSession(emu, api.vonage);
    const { createdAt } = await sessionState(emu, sessionId);

    /** Asks until a 202; every refusal must have been asked inside the window, the 202 answered after it. */
    async function migrateOnceAllowed(since: number) {
      for (;;) {
        const sentAt = Date.now();
        const answer = await migrate(api.vonage, sessionId);
        const answeredAt = Date.now();
        if (answer.status === 202) {
          expect(answeredAt).toBeGreaterThanOrEqual(since + WINDOW);
          return;
        }
        expect({ status: answer.status, json: answer.json }).toEqual({ status: 409, json: TOO_SOON });
        expect(sentAt).toBeLessThan(since + WINDOW);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    await migrateOnceAllowed(createdAt);
    const first = await eventually(async () => {
      const { migration } = await sessionState(emu, sessionId);
      return migration.migratedAt ?? undefined;
    });
    await migrateOnceAllowed(first);
    await eventually(async () => ((await sessionState(emu, sessionId)).migration.count === 2 ? true : undefined));
  });

  it('rejects invalid settings', async () => {
    await expect(startTestEmulator({ migrationWindowMs: -1 })).rejects.toThrow(/migrationWindowMs must be a non-negative number/);
    await expect(startTestEmulator({ migrationDurationMs: Number.NaN })).rejects.toThrow(/migrationDurationMs must be a non-negative number/);
  });
});

describe('what a migration does to the session', () => {
  it('keeps clients and the SIP calls and connectors started with sessionMigration: true; ends the rest', async () => {
    const { emu, api } = await start({ migrationDurationMs: 60 });
    const ot = api.opentok;
    const { sessionId, connectionId: client, streamId: clientStream } = await liveSession(emu, ot);
    const token = await clientToken(emu, 'opentok', sessionId, { role: 'moderator' });
    const uri = 'wss://service.example.com/socket';
    const sipKept = (await ot.call('POST', '/dial', { sessionId, token, sessionMigration: true, sip: { uri: 'sip:a@b.c' } })).json;
    const sipDropped = (await ot.call('POST', '/dial', { sessionId, token, sip: { uri: 'sip:a@b.c' } })).json;
    const sipFalse = (await ot.call('POST', '/dial', { sessionId, token, sessionMigration: false, sip: { uri: 'sip:a@b.c' } })).json;
    const wsKept = (await ot.call('POST', '/connect', { sessionId, token, sessionMigration: true, websocket: { uri } })).json;
    const wsDropped = (await ot.call('POST', '/connect', { sessionId, token, websocket: { uri } })).json;
    // A session elsewhere is untouched.
    const elsewhere = await liveSession(emu, ot);
    const otherToken = await clientToken(emu, 'opentok', elsewhere.sessionId);
    const otherSip = (await ot.call('POST', '/dial', { sessionId: elsewhere.sessionId, token: otherToken, sip: { uri: 'sip:a@b.c' } })).json;

    expect((await migrate(ot, sessionId)).status).toBe(202);
    // Nothing ends before the migration completes.
    const during = await sessionState(emu, sessionId);
    if (during.migration.migrating) expect(during.connections).toHaveLength(6);

    await eventually(async () => ((await sessionState(emu, sessionId)).migration.migrating ? undefined : true));
    const state = await emu.control.state();
    const session = state.sessions.find((s) => s.sessionId === sessionId)!;
    expect(session.connections.map((c) => c.connectionId)).toEqual([client, sipKept.connectionId, wsKept.connectionId]);
    expect(session.streams.map((s) => s.streamId)).toEqual([clientStream, sipKept.streamId]);
    expect(state.sipCalls.filter((c) => c.sessionId === sessionId).map((c) => c.id)).toEqual([sipKept.id]);
    expect(state.audioConnectors.filter((c) => c.sessionId === sessionId).map((c) => c.id)).toEqual([wsKept.id]);
    expect([sipDropped.id, sipFalse.id, wsDropped.id].some((id) => JSON.stringify(state).includes(id))).toBe(false);
    expect(state.sipCalls.some((c) => c.id === otherSip.id)).toBe(true);
    expect(state.sessions.find((s) => s.sessionId === elsewhere.sessionId)!.migration.count).toBe(0);
    // The REST view agrees.
    const listed = (await ot.call('GET', `/session/${sessionId}/connection`)).json;
    expect(listed.items.map((c: { connectionId: string }) => c.connectionId)).toEqual([client, sipKept.connectionId, wsKept.connectionId]);
  });

  it('stops archives (automatic ones too), broadcasts, renders and captions; they can be started again', async () => {
    const { emu, api } = await start({ migrationDurationMs: 60, archiveProcessingMs: 20, renderStartMs: 10 });
    const vg = api.vonage;
    const { sessionId } = await liveSession(emu, vg, { 'p2p.preference': 'disabled', archiveMode: 'always' });
    const token = await clientToken(emu, 'vonage', sessionId, { role: 'moderator' });
    const archive = (await vg.call('POST', '/archive', { sessionId, multiArchiveTag: 'manual' })).json;
    const broadcast = (await vg.call('POST', '/broadcast', { sessionId, outputs: { hls: {} } })).json;
    const render = (await vg.call('POST', '/render', { sessionId, token, url: 'https://example.com/composer' })).json;
    const captions = (await vg.call('POST', '/captions', { sessionId, token })).json;
    await eventually(async () => ((await emu.control.state()).renders.find((r) => r.id === render.id)?.status === 'started' ? true : undefined));
    const before = await emu.control.state();
    const automatic = before.archives.find((a) => a.sessionId === sessionId && a.automatic);
    expect(automatic).toBeDefined();
    const renderConnection = before.renders.find((r) => r.id === render.id)!.connectionId as string;

    expect((await migrate(vg, sessionId)).status).toBe(202);
    await eventually(async () => ((await sessionState(emu, sessionId)).migration.count === 1 ? true : undefined));
    const after = await emu.control.state();
    for (const id of [archive.id, automatic!.id]) {
      expect(after.archives.find((a) => a.id === id)).toMatchObject({ status: 'stopped', reason: 'Session migrated' });
    }
    expect(after.broadcasts.find((b) => b.id === broadcast.id)).toMatchObject({ status: 'stopped' });
    expect(after.renders.find((r) => r.id === render.id)).toMatchObject({ status: 'stopped', reason: 'Session migrated' });
    expect(after.captions.find((c) => c.captionId === captions.captionsId)).toMatchObject({ status: 'stopped' });
    const session = after.sessions.find((s) => s.sessionId === sessionId)!;
    expect(session.connections.map((c) => c.connectionId)).not.toContain(renderConnection);
    expect(session.connections.map((c) => c.kind)).toEqual(['client']);
    // A stopped archive is processed as usual.
    await eventually(async () => ((await vg.call('GET', `/archive/${archive.id}`)).json.status === 'available' ? true : undefined));
    // The application starts them again.
    expect((await vg.call('POST', '/archive', { sessionId })).status).toBe(200);
    expect((await vg.call('POST', '/broadcast', { sessionId, outputs: { hls: {} } })).status).toBe(200);
    expect((await vg.call('POST', '/captions', { sessionId, token })).status).toBe(202);
  });
});
