// Callbacks (webhooks) sent by the emulator, received over real sockets by a local node:http
// server. Every payload is checked field by field against callbacks.md §2.1, and every signature
// twice: by independent code (jose + a SHA-256 computed here) and by @video/webhooks.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleCallback, verifyCallback } from '@video/webhooks';
import type { Emulator } from '../src/index.js';
import { startReceiver, verifyIndependently, type Receiver, type Received } from './callback-receiver.js';
import { clientToken, liveSession, rest, startTestEmulator, type Scheme } from './helpers.js';

const SECRET = 'emulator-callback-secret';

async function verifyBoth(emu: Emulator, scheme: Scheme, received: Received) {
  const claims = await verifyIndependently(received, SECRET);
  const key = scheme === 'opentok' ? emu.credentials.opentok.apiKey : emu.credentials.vonage.applicationId;
  expect(scheme === 'opentok' ? claims['api_key'] : claims['application_id']).toBe(key);
  const project = scheme === 'opentok' ? { apiKey: key } : { applicationId: key };
  const event = await verifyCallback(received.raw, received.headers.authorization, { secret: SECRET, ...project });
  // The Web adapter too, from a Request built from what arrived.
  const events: unknown[] = [];
  const response = await handleCallback(
    new Request('http://127.0.0.1/callbacks', { method: 'POST', headers: { authorization: received.headers.authorization!, 'content-type': 'application/json' }, body: new Uint8Array(received.raw) }),
    { secret: SECRET, onEvent: (e) => void events.push(e) },
  );
  expect(response.status).toBe(204);
  expect(events).toHaveLength(1);
  return event;
}

const byEvent = (name: string) => (r: Received) => r.json?.event === name;

describe.each(['opentok', 'vonage'] as const)('signed callbacks of every event (%s project)', (scheme) => {
  let emu: Emulator;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    emu = await startTestEmulator({ callbacks: { url: `${receiver.url}/hook`, secret: SECRET } });
  });
  afterAll(async () => {
    await emu.stop();
    await receiver.close();
  });
  beforeEach(() => {
    receiver.received.length = 0;
  });
  const project = () => (scheme === 'opentok' ? emu.credentials.opentok.apiKey : emu.credentials.vonage.applicationId);

  it('session, connection and stream monitoring: created and destroyed, with their reasons', async () => {
    const api = rest(emu, scheme);
    const sessionId = await api.session();
    const before = Date.now();
    const { connectionId } = await emu.control.join(sessionId, await clientToken(emu, scheme, sessionId, { data: 'name=Alice' }));
    const { streamId } = await emu.control.publish(sessionId, connectionId, { name: 'Alice cam', videoType: 'screen' });
    await emu.control.unpublish(sessionId, streamId);
    const second = await emu.control.join(sessionId, await clientToken(emu, scheme, sessionId));
    await api.call('DELETE', `/session/${sessionId}/connection/${second.connectionId}`);
    await emu.control.disconnect(sessionId, connectionId);
    const all = await receiver.waitFor(8);
    expect(all.map((r) => r.json.event)).toEqual([
      'sessionCreated',
      'connectionCreated',
      'streamCreated',
      'streamDestroyed',
      'connectionCreated',
      'connectionDestroyed',
      'connectionDestroyed',
      'sessionDestroyed',
    ]);
    for (const r of all) {
      expect(r.path).toBe('/hook');
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.json.sessionId).toBe(sessionId);
      expect(r.json.projectId).toBe(project());
      expect(r.json.timestamp).toBeGreaterThanOrEqual(before);
      await verifyBoth(emu, scheme, r);
    }
    const [created, conn, streamCreated, streamDestroyed, , forced, left, destroyed] = all.map((r) => r.json);
    expect(Object.keys(created).sort()).toEqual(['event', 'projectId', 'sessionId', 'timestamp']);
    expect(conn.connection).toEqual({ id: connectionId, createdAt: expect.any(Number), data: 'name=Alice' });
    expect(streamCreated.stream).toEqual({ id: streamId, connection: conn.connection, createdAt: expect.any(Number), name: 'Alice cam', videoType: 'screen' });
    expect(streamDestroyed).toMatchObject({ stream: { id: streamId }, reason: 'clientDisconnected' });
    expect(forced).toMatchObject({ connection: { id: second.connectionId }, reason: 'forceDisconnected' });
    expect(left).toMatchObject({ connection: { id: connectionId }, reason: 'clientDisconnected' });
    expect(destroyed).not.toHaveProperty('reason');
    const event = await verifyBoth(emu, scheme, all[2]!);
    expect(event).toMatchObject({ type: 'streamCreated', sessionId, stream: { id: streamId, name: 'Alice cam' } });

    // The last one settled: the ones before it to the same receiver did too.
    await emu.control.waitForCallback({ sessionId, event: 'sessionDestroyed' });
    const deliveries = await emu.control.deliveries();
    expect(deliveries.filter((d) => d.sessionId === sessionId).every((d) => d.status === 'delivered' && d.signed && d.attempts[0]!.status === 204)).toBe(true);
  });

  it('archive_status: started, paused, started, stopped, available, with the documented fields', async () => {
    const api = rest(emu, scheme);
    const sessionId = await api.session();
    const { connectionId } = await emu.control.join(sessionId, await clientToken(emu, scheme, sessionId, { role: 'moderator' }));
    const started = await api.call('POST', '/archive', { sessionId, name: 'Quarterly', resolution: '1280x720' });
    expect(started.status).toBe(200);
    const { streamId } = await emu.control.publish(sessionId, connectionId);
    await api.call('POST', `/archive/${started.json.id}/stop`);
    const got = await receiver.waitFor(5, byEvent('archive'));
    expect(got.map((r) => r.json.status)).toEqual(['started', 'paused', 'started', 'stopped', 'available']);
    for (const r of got) {
      const a = r.json;
      expect(a).toMatchObject({ id: started.json.id, event: 'archive', sessionId, name: 'Quarterly', resolution: '1280x720', outputMode: 'composed', streamMode: 'auto', hasAudio: true, hasVideo: true, reason: expect.any(String) });
      expect(a.projectId ?? a.applicationId).toBe(project());
      // createdAt: the time of the start call, rounded to the second.
      expect(a.createdAt % 1000).toBe(0);
      expect(a.createdAt).toBe(Math.floor(started.json.createdAt / 1000) * 1000);
      expect(typeof a.duration).toBe('number');
      expect(typeof a.size).toBe('number');
      expect('streams' in a).toBe(a.status === 'started');
      expect(a.url === null).toBe(a.status !== 'available');
      await verifyBoth(emu, scheme, r);
    }
    expect(got[2]!.json.streams).toEqual([]);
    expect(got[3]!.json.reason).toBe('user initiated');
    const available = got[4]!.json;
    expect(available.url).toMatch(/\/archive\.mp4$/);
    expect(available.size).toBeGreaterThan(0);
    expect(available.sha256sum).toMatch(/^[0-9a-f]{64}$/);
    const event = await verifyBoth(emu, scheme, got[4]!);
    expect(event).toMatchObject({ type: 'archive', status: 'available', url: available.url });
    expect(streamId).toBeTruthy();
  });

  it('broadcast_status: started, stopped, and failed (fired through the control API)', async () => {
    const api = rest(emu, scheme);
    const { sessionId } = await liveSession(emu, api);
    const first = await api.call('POST', '/broadcast', { sessionId, outputs: { hls: {} } });
    await api.call('POST', `/broadcast/${first.json.id}/stop`);
    const second = await api.call('POST', '/broadcast', { sessionId, outputs: { hls: {} } });
    await emu.control.failBroadcast(second.json.id, { reason: 'node failure' });
    const got = await receiver.waitFor(4, (r) => r.json?.broadcastUrls !== undefined);
    expect(got.map((r) => [r.json.id, r.json.status])).toEqual([
      [first.json.id, 'started'],
      [first.json.id, 'stopped'],
      [second.json.id, 'started'],
      [second.json.id, 'failed'],
    ]);
    expect(got[3]!.json).toMatchObject({ sessionId, reason: 'node failure', broadcastUrls: { hls: expect.any(String) } });
    for (const r of got) expect(await verifyBoth(emu, scheme, r)).toMatchObject({ type: 'broadcast', id: r.json.id, status: r.json.status });
    expect((await api.call('GET', `/broadcast/${second.json.id}`)).json.status).toBe('stopped');
  });

  it('SIP: callCreated, callUpdated states, muteForced, callDestroyed with reason_code 700', async () => {
    const api = rest(emu, scheme);
    const { sessionId } = await liveSession(emu, api);
    const dialed = await api.call('POST', '/dial', {
      sessionId,
      token: await clientToken(emu, scheme, sessionId),
      sip: { uri: 'sip:user@sip.example.com', observeForceMute: true },
    });
    expect(dialed.status).toBe(200);
    await emu.control.sipCallState(dialed.json.id, 'RINGING');
    await emu.control.sipCallState(dialed.json.id, 'ACTIVE');
    await api.call('POST', `/session/${sessionId}/stream/${dialed.json.streamId}/mute`);
    await emu.control.sipCallState(dialed.json.id, 'HANGUP');
    const got = await receiver.waitFor(6, (r) => r.json?.call !== undefined);
    expect(got.map((r) => [r.json.event, r.json.state])).toEqual([
      ['callCreated', undefined],
      ['callUpdated', 'RINGING'],
      ['callUpdated', 'ACTIVE'],
      ['muteForced', undefined],
      ['callUpdated', 'HANGUP'],
      ['callDestroyed', undefined],
    ]);
    for (const r of got) {
      expect(r.json).toMatchObject({ sessionId, projectId: project(), timestamp: expect.any(Number) });
      expect(r.json.call).toEqual({ id: dialed.json.id, connectionId: dialed.json.connectionId, createdAt: dialed.json.createdAt });
      await verifyBoth(emu, scheme, r);
    }
    expect(got[5]!.json).toMatchObject({ reason_code: 700, reason_message: expect.any(String) });
    expect(await verifyBoth(emu, scheme, got[5]!)).toMatchObject({ type: 'callDestroyed', reasonCode: 700 });
  });

  it('render_status: started, stopped; failed; and a statusCallbackUrl receives instead of the registration', async () => {
    const api = rest(emu, scheme);
    const { sessionId } = await liveSession(emu, api);
    const token = await clientToken(emu, scheme, sessionId);
    const render = await api.call('POST', '/render', { sessionId, token, url: 'https://example.com/page' });
    await emu.control.waitForCallback({ type: 'render_status', payload: { id: render.json.id, status: 'started' } });
    await api.call('DELETE', `/render/${render.json.id}`);
    const other = await api.call('POST', '/render', { sessionId, token, url: 'https://example.com/page', statusCallbackUrl: `${receiver.url}/render-status` });
    await emu.control.waitForCallback({ type: 'render_status', payload: { id: other.json.id, status: 'started' } });
    await emu.control.failRender(other.json.id, { reason: 'Page crashed' });
    const got = await receiver.waitFor(4, (r) => r.json?.event === undefined && typeof r.json?.id === 'string' && 'streamId' in r.json);
    expect(got.map((r) => [r.path, r.json.id, r.json.status])).toEqual([
      ['/hook', render.json.id, 'started'],
      ['/hook', render.json.id, 'stopped'],
      ['/render-status', other.json.id, 'started'],
      ['/render-status', other.json.id, 'failed'],
    ]);
    expect(got[1]!.json).toMatchObject({ sessionId, streamId: expect.any(String), reason: 'Stop Requested' });
    expect(got[3]!.json.reason).toBe('Page crashed');
    for (const r of got) expect(await verifyBoth(emu, scheme, r)).toMatchObject({ type: 'render', id: r.json.id, status: r.json.status });
  });

  it('captions_status: started, stopped, failed; to the statusCallbackUrl when given', async () => {
    const api = rest(emu, scheme);
    const { sessionId } = await liveSession(emu, api);
    const token = await clientToken(emu, scheme, sessionId, { role: 'moderator' });
    const first = await api.call('POST', '/captions', { sessionId, token, languageCode: 'fr-FR' });
    await api.call('POST', `/captions/${first.json.captionsId}/stop`);
    const second = await api.call('POST', '/captions', { sessionId, token, statusCallbackUrl: `${receiver.url}/captions-status` });
    await emu.control.failCaptions(second.json.captionsId);
    const got = await receiver.waitFor(4, (r) => typeof r.json?.captionId === 'string');
    expect(got.map((r) => [r.path, r.json.captionId, r.json.status])).toEqual([
      ['/hook', first.json.captionsId, 'started'],
      ['/hook', first.json.captionsId, 'stopped'],
      ['/captions-status', second.json.captionsId, 'started'],
      ['/captions-status', second.json.captionsId, 'failed'],
    ]);
    for (const r of got) {
      expect(r.json).toMatchObject({ sessionId, provider: 'aws-transcribe', createdAt: expect.any(Number), updatedAt: expect.any(Number), duration: expect.any(Number), reason: expect.any(String) });
      expect(r.json.projectId ?? r.json.applicationId).toBe(project());
      expect(await verifyBoth(emu, scheme, r)).toMatchObject({ type: 'captions', captionsId: r.json.captionId, status: r.json.status });
    }
    expect(got[0]!.json.languageCode).toBe('fr-FR');
    expect(got[3]!.json.reason).toBe('Transcription engine failure');
  });

  it('rotation: sessionNotification and sessionDestroyed with reason serverRotation', async () => {
    const api = rest(emu, scheme);
    const { sessionId } = await liveSession(emu, api);
    await emu.control.sessionNotification(sessionId);
    await emu.control.sessionDestroyed(sessionId, { reason: 'serverRotation' });
    const [notice] = await receiver.waitFor(1, byEvent('sessionNotification'));
    const [destroyed] = await receiver.waitFor(1, byEvent('sessionDestroyed'));
    expect(notice!.json).toEqual({ sessionId, projectId: project(), event: 'sessionNotification', timestamp: expect.any(Number), reason: 'serverRotation' });
    expect(destroyed!.json).toEqual({ sessionId, projectId: project(), event: 'sessionDestroyed', timestamp: expect.any(Number), reason: 'serverRotation' });
    expect(await verifyBoth(emu, scheme, notice!)).toMatchObject({ type: 'sessionNotification', reason: 'serverRotation' });
    expect(await verifyBoth(emu, scheme, destroyed!)).toMatchObject({ type: 'sessionDestroyed', reason: 'serverRotation' });
  });
});

describe('registration', () => {
  let emu: Emulator;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    emu = await startTestEmulator({ callbacks: { types: { archive_status: { url: `${receiver.url}/archives`, secret: SECRET } } } });
  });
  afterAll(async () => {
    await emu.stop();
    await receiver.close();
  });
  afterEach(async () => {
    await emu.control.reset();
    receiver.received.length = 0;
  });

  it('per type, through the control API: URL, active flag, secret (never shown)', async () => {
    expect(await emu.control.callbackRegistrations()).toEqual([{ type: 'archive_status', url: `${receiver.url}/archives`, active: true, signed: true }]);
    const info = await emu.control.registerCallback('connection_created', { url: `${receiver.url}/connections` });
    expect(info).toEqual({ type: 'connection_created', url: `${receiver.url}/connections`, active: true, signed: false });
    await emu.control.registerCallback('stream_created', { url: `${receiver.url}/streams`, active: false, secret: 'x' });
    const api = rest(emu, 'vonage');
    await liveSession(emu, api);
    const [connection] = await receiver.waitFor(1);
    await emu.control.waitForCallback({ type: 'connection_created' });
    expect(connection!.path).toBe('/connections');
    expect(connection!.headers.authorization).toBeUndefined();
    expect(connection!.json.event).toBe('connectionCreated');
    // Inactive and unregistered types deliver nothing.
    const deliveries = await emu.control.deliveries();
    expect(deliveries.map((d) => d.type)).toEqual(['connection_created']);
    expect(deliveries[0]).toMatchObject({ source: 'registration', signed: false, jti: null, status: 'delivered', duplicate: false });
    expect(JSON.stringify(await emu.control.callbackRegistrations())).not.toContain('"x"');
    await emu.control.unregisterCallback('connection_created');
    await expect(emu.control.unregisterCallback('connection_created')).rejects.toMatchObject({ status: 404 });
    await expect(emu.control.registerCallback('bogus' as never, { url: receiver.url })).rejects.toMatchObject({ status: 404 });
    const tooLong = await emu.control.registerCallback('archive_status', { url: receiver.url, secret: 'S3cr3t'.repeat(300) }).catch((e: Error) => e);
    expect(tooLong).toMatchObject({ status: 400, message: expect.stringContaining('"secret"') });
    expect((tooLong as Error).message).not.toContain('S3cr3t');
  });

  it('reset restores the registrations the emulator started with', async () => {
    await emu.control.unregisterCallback('archive_status');
    await emu.control.registerCallback('session_created', { url: receiver.url });
    await emu.control.reset();
    expect((await emu.control.callbackRegistrations()).map((r) => r.type)).toEqual(['archive_status']);
  });

  it('legacy /callback registrations of an OpenTok project deliver their group and event, unsigned', async () => {
    const api = rest(emu, 'opentok');
    const registered = await api.call('POST', '/callback', { group: 'connection', event: 'destroyed', url: `${receiver.url}/legacy` });
    expect(registered.status).toBe(200);
    const { sessionId, connectionId } = await liveSession(emu, api);
    await emu.control.disconnect(sessionId, connectionId);
    const [got] = await receiver.waitFor(1);
    expect(got!.path).toBe('/legacy');
    expect(got!.headers.authorization).toBeUndefined();
    expect(got!.json).toMatchObject({ event: 'connectionDestroyed', sessionId, connection: { id: connectionId }, reason: 'clientDisconnected' });
    expect((await emu.control.deliveries()).map((d) => [d.type, d.source])).toEqual([['connection_destroyed', 'legacy']]);
  });
});

describe('retries', () => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(() => receiver.close());

  it('retries non-2xx answers with backoff, then delivers; the token is the same on every attempt', async () => {
    let calls = 0;
    receiver.respond((_r, res) => {
      calls += 1;
      if (calls <= 2) res.writeHead(calls === 1 ? 500 : 429, { 'Content-Type': 'text/plain' }).end('try later');
      else res.writeHead(200).end('ok');
    });
    const emu = await startTestEmulator({ callbacks: { url: receiver.url, secret: SECRET, retry: { initialDelayMs: 5, maxDelayMs: 20 } } });
    try {
      await emu.control.registerCallback('session_created', { url: receiver.url, active: false });
      const api = rest(emu, 'opentok');
      const sessionId = await api.session();
      await emu.control.join(sessionId, await clientToken(emu, 'opentok', sessionId));
      const delivery = await emu.control.waitForCallback({ type: 'connection_created' });
      expect(delivery.status).toBe('delivered');
      expect(delivery.attempts.map((a) => a.status)).toEqual([500, 429, 200]);
      expect(delivery.attempts[0]).toMatchObject({ error: 'answered 500', responseBody: 'try later' });
      const got = receiver.received;
      expect(got).toHaveLength(3);
      expect(new Set(got.map((r) => r.headers.authorization)).size).toBe(1);
      expect(new Set(got.map((r) => r.raw.toString())).size).toBe(1);
      await verifyIndependently(got[2]!, SECRET);
    } finally {
      await emu.stop();
    }
  });

  it('gives up after the attempts allowed, and after maxElapsedMs', async () => {
    receiver.respond((_r, res) => res.writeHead(503).end());
    const emu = await startTestEmulator({ callbacks: { types: { session_created: { url: receiver.url } }, retry: { attempts: 3, initialDelayMs: 1 } } });
    const slow = await startTestEmulator({
      callbacks: { types: { session_created: { url: receiver.url } }, retry: { attempts: 100, initialDelayMs: 50, maxElapsedMs: 120 } },
    });
    try {
      for (const e of [emu, slow]) {
        const api = rest(e, 'vonage');
        const sessionId = await api.session();
        await e.control.join(sessionId, await clientToken(e, 'vonage', sessionId));
      }
      const exhausted = await emu.control.waitForCallback({ type: 'session_created' });
      expect(exhausted).toMatchObject({ status: 'failed', error: 'gave up after 3 attempts' });
      expect(exhausted.attempts.map((a) => a.status)).toEqual([503, 503, 503]);
      const timedOut = await slow.control.waitForCallback({ type: 'session_created' });
      expect(timedOut.status).toBe('failed');
      expect(timedOut.error).toMatch(/maxElapsedMs/);
      // 50 + 100 ms fit in 120 ms only up to the second retry: never all 100 attempts.
      expect(timedOut.attempts.length).toBeLessThan(5);
    } finally {
      await Promise.all([emu.stop(), slow.stop()]);
    }
  });

  it('counts a network failure and an unanswered request as failed attempts', async () => {
    const closed = await startReceiver();
    const deadUrl = closed.url;
    await closed.close();
    receiver.respond(() => undefined); // never answers
    const emu = await startTestEmulator({
      callbacks: {
        types: { session_created: { url: deadUrl }, connection_created: { url: receiver.url } },
        retry: { attempts: 2, initialDelayMs: 1, timeoutMs: 100 },
      },
    });
    try {
      const api = rest(emu, 'vonage');
      const sessionId = await api.session();
      await emu.control.join(sessionId, await clientToken(emu, 'vonage', sessionId));
      const refused = await emu.control.waitForCallback({ type: 'session_created' });
      expect(refused.status).toBe('failed');
      expect(refused.attempts.map((a) => a.status)).toEqual([null, null]);
      expect(refused.attempts[0]!.error).toMatch(/ECONNREFUSED/);
      const hung = await emu.control.waitForCallback({ type: 'connection_created' });
      expect(hung.status).toBe('failed');
      expect(hung.attempts[0]!.error).toMatch(/no answer within 100 ms/);
    } finally {
      await emu.stop();
    }
  });

  it('never follows a redirect, and reads at most a capped part of a large answer', async () => {
    const target = await startReceiver();
    receiver.respond((r, res) => {
      if (r.json.event === 'sessionCreated') res.writeHead(307, { Location: `${target.url}/elsewhere` }).end();
      else res.writeHead(200, { 'Content-Type': 'text/plain' }).end('x'.repeat(4 * 1024 * 1024));
    });
    const emu = await startTestEmulator({ callbacks: { url: receiver.url, retry: { attempts: 2, initialDelayMs: 1 } } });
    try {
      const api = rest(emu, 'vonage');
      const sessionId = await api.session();
      await emu.control.join(sessionId, await clientToken(emu, 'vonage', sessionId));
      const redirected = await emu.control.waitForCallback({ type: 'session_created' });
      expect(redirected.status).toBe('failed');
      expect(redirected.attempts.map((a) => a.status)).toEqual([307, 307]);
      expect(redirected.attempts[0]!.error).toMatch(/redirects are not followed/);
      expect(target.received).toEqual([]);
      const large = await emu.control.waitForCallback({ type: 'connection_created' });
      expect(large.status).toBe('delivered');
      expect(large.attempts[0]!.responseBody!.length).toBeLessThanOrEqual(1024);
    } finally {
      await emu.stop();
      await target.close();
    }
  });

  it('never slows or fails the REST call: the answer comes while the delivery still waits', async () => {
    receiver.respond(() => undefined);
    const emu = await startTestEmulator({ callbacks: { types: { archive_status: { url: receiver.url } }, retry: { timeoutMs: 60_000 } } });
    try {
      const api = rest(emu, 'opentok');
      const { sessionId } = await liveSession(emu, api);
      const started = await api.call('POST', '/archive', { sessionId });
      expect(started.status).toBe(200);
      await receiver.waitFor(1);
      expect((await emu.control.deliveries()).map((d) => d.status)).toEqual(['pending']);
      const stopped = await api.call('POST', `/archive/${started.json.id}/stop`);
      expect(stopped.status).toBe(200);
    } finally {
      await emu.stop();
    }
  });

  it('clearDeliveries empties the log and cancels what is pending', async () => {
    receiver.respond(() => undefined);
    const emu = await startTestEmulator({ callbacks: { types: { session_created: { url: receiver.url } }, retry: { timeoutMs: 60_000 } } });
    try {
      const api = rest(emu, 'opentok');
      const sessionId = await api.session();
      await emu.control.join(sessionId, await clientToken(emu, 'opentok', sessionId));
      await receiver.waitFor(1);
      await emu.control.clearDeliveries();
      expect(await emu.control.deliveries()).toEqual([]);
    } finally {
      await emu.stop();
    }
  });
});

describe('ordering quirks', () => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(() => receiver.close());

  it('uploadedBeforeStopped: the archive ends uploaded, and `uploaded` arrives before `stopped`', async () => {
    const emu = await startTestEmulator({ callbacks: { url: receiver.url, secret: SECRET, uploadedBeforeStopped: true } });
    try {
      const api = rest(emu, 'opentok');
      const { sessionId } = await liveSession(emu, api);
      const started = await api.call('POST', '/archive', { sessionId });
      await api.call('POST', `/archive/${started.json.id}/stop`);
      const got = await receiver.waitFor(3, byEvent('archive'));
      expect(got.map((r) => r.json.status)).toEqual(['started', 'uploaded', 'stopped']);
      expect((await api.call('GET', `/archive/${started.json.id}`)).json.status).toBe('uploaded');
      for (const r of got) await verifyBoth(emu, 'opentok', r);
    } finally {
      await emu.stop();
    }
  });

  it('duplicates: every callback twice, with the same token, which `seen` refuses the second time', async () => {
    const emu = await startTestEmulator({ callbacks: { types: { session_created: { url: receiver.url, secret: SECRET } }, duplicates: true } });
    try {
      const api = rest(emu, 'vonage');
      const sessionId = await api.session();
      await emu.control.join(sessionId, await clientToken(emu, 'vonage', sessionId));
      const got = await receiver.waitFor(2);
      expect(got[0]!.raw.equals(got[1]!.raw)).toBe(true);
      expect(got[0]!.headers.authorization).toBe(got[1]!.headers.authorization);
      const seen = new Set<string>();
      const options = { secret: SECRET, seen: (jti: string) => seen.has(jti) || (seen.add(jti), false) };
      await expect(verifyCallback(got[0]!.raw, got[0]!.headers.authorization, options)).resolves.toMatchObject({ type: 'sessionCreated' });
      await expect(verifyCallback(got[1]!.raw, got[1]!.headers.authorization, options)).rejects.toMatchObject({ reason: 'replayed' });
      expect((await emu.control.deliveries()).map((d) => d.duplicate)).toEqual([false, true]);
    } finally {
      await emu.stop();
    }
  });
});

describe('the loopback rule', () => {
  it('refuses non-loopback callback URLs at start, at registration and at delivery', async () => {
    await expect(startTestEmulator({ callbacks: { url: 'http://example.com/hook' } })).rejects.toThrow(/loopback/);
    await expect(startTestEmulator({ callbacks: { url: 'http://169.254.169.254/latest' } })).rejects.toThrow(/loopback/);
    await expect(startTestEmulator({ callbacks: { url: 'http://user:pw@localhost/' } })).rejects.toThrow(/credentials/);
    await expect(startTestEmulator({ callbacks: { secret: 's' } })).rejects.toThrow(/needs callbacks.url/);
    const receiver = await startReceiver();
    const emu = await startTestEmulator();
    try {
      for (const url of ['http://10.0.0.1/hook', 'http://[::ffff:a00:1]/', 'http://example.com/', 'ftp://127.0.0.1/', 'http://0x7f000001.example/']) {
        await expect(emu.control.registerCallback('archive_status', { url })).rejects.toMatchObject({ status: 400 });
      }
      for (const url of ['http://localhost:1/', 'http://127.1.2.3:1/', 'http://[::1]:1/', 'http://app.localhost:1/']) {
        await expect(emu.control.registerCallback('archive_status', { url })).resolves.toMatchObject({ url });
      }
      // The REST API accepts any URL, as the service does; the emulator never sends to it.
      const api = rest(emu, 'opentok');
      await api.call('POST', '/callback', { group: 'connection', event: 'created', url: 'http://example.com/hook' });
      const { sessionId } = await liveSession(emu, api);
      const refused = await emu.control.waitForCallback({ type: 'connection_created' });
      expect(refused).toMatchObject({ status: 'refused', url: 'http://example.com/hook', attempts: [] });
      expect(refused.error).toMatch(/loopback/);
      const token = await clientToken(emu, 'opentok', sessionId, { role: 'moderator' });
      await api.call('POST', '/captions', { sessionId, token, statusCallbackUrl: 'http://192.168.1.10/captions' });
      expect(await emu.control.waitForCallback({ type: 'captions_status' })).toMatchObject({ status: 'refused', source: 'statusCallbackUrl' });
      expect(receiver.received).toEqual([]);
    } finally {
      await emu.stop();
      await receiver.close();
    }
  });

  it('delivers to a localhost URL: the name is resolved to a loopback address', async () => {
    const receiver = await startReceiver();
    const emu = await startTestEmulator({ callbacks: { types: { session_created: { url: receiver.url.replace('127.0.0.1', 'localhost') } } } });
    try {
      const api = rest(emu, 'vonage');
      const sessionId = await api.session();
      await emu.control.join(sessionId, await clientToken(emu, 'vonage', sessionId));
      expect(await emu.control.waitForCallback({ type: 'session_created' })).toMatchObject({ status: 'delivered', attempts: [{ status: 204 }] });
      expect(receiver.received).toHaveLength(1);
    } finally {
      await emu.stop();
      await receiver.close();
    }
  });

  it('allowedCallbackHosts lets a named host through, which is still resolved, never redirected', async () => {
    const emu = await startTestEmulator({ allowedCallbackHosts: ['callbacks.invalid'], callbacks: { url: 'http://callbacks.invalid/hook', retry: { attempts: 1 } } });
    try {
      const api = rest(emu, 'vonage');
      const sessionId = await api.session();
      await emu.control.join(sessionId, await clientToken(emu, 'vonage', sessionId));
      const delivery = await emu.control.waitForCallback({ type: 'session_created' });
      expect(delivery.status).toBe('failed');
      expect(delivery.attempts[0]!.error).toMatch(/ENOTFOUND|EAI_AGAIN/);
    } finally {
      await emu.stop();
    }
  });
});
