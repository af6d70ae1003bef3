// The guided tour: every feature of the SDK, one printed line per step. Each step checks that it
// did what it says (through the API, or the emulator's view of the session) before printing ✓.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorControl } from '@video/emulator';
import { decodeClientToken, Video, type TokenRole } from '@video/server-sdk';
import type { ArchiveEvent, VerifiedCallbackEvent } from '@video/webhooks';
import { callbackMiddleware } from '@video/webhooks/node';

export interface TourOptions {
  video: Video;
  /** Present when running against the emulator: it plays the clients that join the session. */
  control?: EmulatorControl;
  /** A client with the emulator's OpenTok credentials, to show the legacy token formats. */
  legacyVideo?: Video;
  print?: (line: string) => void;
}

export interface TourResult {
  passed: string[];
  skipped: string[];
  failed: { step: string; error: unknown }[];
}

class StepFailed extends Error {}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new StepFailed(message);
}

const ROLES: TokenRole[] = ['subscriber', 'publisher', 'publisheronly', 'moderator'];
const short = (id: string) => (id.length > 16 ? `${id.slice(0, 12)}…` : id);

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new StepFailed(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const SESSION = 'create a routed session';
const CLIENTS = 'join two clients and publish their streams';

export async function runTour({ video, control, legacyVideo, print = console.log }: TourOptions): Promise<TourResult> {
  const result: TourResult = { passed: [], skipped: [], failed: [] };
  // `needs`: earlier steps this one builds on. When one did not pass, this step is skipped rather
  // than failing with an error that only repeats the first one.
  const step = async (name: string, needsClients: boolean, run: () => Promise<string>, needs: string[] = [SESSION]) => {
    if (needsClients && !control) {
      result.skipped.push(name);
      print(`- ${name}: skipped (needs emulated clients; runs against the emulator)`);
      return;
    }
    const missing = needs.find((need) => !result.passed.includes(need));
    if (missing) {
      result.skipped.push(name);
      print(`- ${name}: skipped (it needs "${missing}", which did not pass)`);
      return;
    }
    try {
      const detail = await run();
      result.passed.push(name);
      print(`✓ ${name}: ${detail}`);
    } catch (error) {
      result.failed.push({ step: name, error });
      print(`✗ ${name}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
  };

  let sessionId = '';
  let generate: (role: TokenRole, data: string) => Promise<string> = async () => '';
  const people: { name: string; connectionId: string; streamId: string }[] = [];

  await step('create a routed session', false, async () => {
    const session = await video.createSession({ mediaMode: 'routed' });
    sessionId = session.sessionId;
    generate = (role, data) => session.generateToken({ role, data, expiresIn: 3600 });
    check(session.mediaMode === 'routed', 'the session is not routed');
    return `sessionId ${short(sessionId)}`;
  }, []);

  await step('mint a client token for each role', false, async () => {
    const shown: string[] = [];
    for (const role of ROLES) {
      const decoded = decodeClientToken(await generate(role, `role=${role}`));
      check(decoded.role === role && decoded.sessionId === sessionId, `the ${role} token does not say ${role}`);
      shown.push(`${role} (${decoded.format})`);
    }
    return shown.join(', ');
  });

  await step('mint legacy OpenTok tokens (HS256 JWT and T1)', true, async () => {
    check(legacyVideo && control, 'no OpenTok credentials');
    const session = await legacyVideo.createSession({ mediaMode: 'routed' });
    const formats: string[] = [];
    for (const format of ['jwt', 't1'] as const) {
      for (const role of ROLES) {
        const token = await session.generateToken({ role, format });
        const joined = await control.join(session.sessionId, token);
        check(joined.role === role, `a ${format} ${role} token was not accepted`);
      }
      formats.push(format.toUpperCase());
    }
    return `${formats.join(' and ')} tokens for all ${ROLES.length} roles accepted by the emulator`;
  }, []);

  await step('join two clients and publish their streams', true, async () => {
    check(control, 'no emulator');
    for (const [name, role] of [
      ['Alice', 'moderator'],
      ['Bob', 'publisher'],
    ] as const) {
      const { connectionId } = await control.join(sessionId, await generate(role, `name=${name}`));
      const { streamId } = await control.publish(sessionId, connectionId, { name });
      people.push({ name, connectionId, streamId });
    }
    const streams = await video.listStreams(sessionId);
    const connections = await video.listConnections(sessionId);
    check(streams.totalCount === 2 && connections.totalCount === 2, 'the API does not see two clients and two streams');
    return `${people.map((p) => p.name).join(' and ')} are connected and publishing (${streams.totalCount} streams)`;
  });

  await step('record an archive', true, async () => {
    const archive = await video.startArchive(sessionId, { name: 'Quick start', resolution: '1280x720' });
    check(archive.status === 'started', `the archive is ${archive.status}`);
    const stopped = await archive.stop();
    check(stopped.status === 'stopped' || stopped.status === 'available', `the archive is ${stopped.status}`);
    const ready = await waitFor('the archive', () => video.getArchive(archive.id), (a) => a.status === 'available');
    check(ready.url, 'the available archive has no URL');
    const page = await video.listArchives({ sessionId });
    let iterated = 0;
    for await (const a of video.iterateArchives({ sessionId })) iterated += a.id === archive.id ? 1 : 0;
    check(page.items.some((a) => a.id === archive.id) && iterated === 1, 'the archive is missing from the list');
    return `started, stopped, available (${ready.duration} s, ${ready.size} bytes); listed and iterated`;
  }, [SESSION, CLIENTS]);

  await step('receive a signed archive-ready callback', true, async () => {
    check(control, 'no emulator');
    // Your webhook endpoint: @video/webhooks verifies the signature and types the event.
    const secret = randomBytes(24).toString('hex');
    const events: VerifiedCallbackEvent[] = [];
    const receiver = createServer(callbackMiddleware({ secret, onEvent: (event) => void events.push(event) }));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      // As in the dashboard: where archive callbacks go, and the secret they are signed with.
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/archive`;
      await control.registerCallback('archive_status', { url, secret });
      const archive = await video.startArchive(sessionId, { name: 'Callback demo' });
      await archive.stop();
      const ready = await waitFor(
        'the archive callback',
        async () => events.find((e): e is ArchiveEvent & VerifiedCallbackEvent => e.type === 'archive' && e.id === archive.id && e.status === 'available'),
        (event) => event !== undefined,
      );
      check(ready?.url, 'the callback has no download URL');
      return `archive ${short(archive.id)} available, callback signature verified by @video/webhooks (jti ${short(ready.claims.jti ?? '')})`;
    } finally {
      await control.unregisterCallback('archive_status').catch(() => undefined);
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
    }
  }, [SESSION, CLIENTS]);

  await step('broadcast to HLS and RTMP', true, async () => {
    const broadcast = await video.startBroadcast(sessionId, {
      outputs: { hls: { lowLatency: true }, rtmp: [{ id: 'main', serverUrl: 'rtmp://live.example.com/app', streamName: 'quickstart' }] },
      resolution: '1280x720',
    });
    check(broadcast.broadcastUrls.hls, 'no HLS URL');
    await video.setBroadcastLayout(broadcast.id, { type: 'bestFit', screenshareType: 'pip' });
    const stopped = await broadcast.stop();
    check(stopped.status === 'stopped', `the broadcast is ${stopped.status}`);
    return `HLS at ${broadcast.broadcastUrls.hls}; layout changed; stopped`;
  }, [SESSION, CLIENTS]);

  await step('send signals to everyone and to one client', true, async () => {
    check(control, 'no emulator');
    const before = (await control.signals()).length;
    await video.signal(sessionId, { type: 'chat', data: 'Hello, everyone' });
    await video.signal(sessionId, { type: 'chat', data: 'Hello, Bob', connectionId: people[1]!.connectionId });
    const log = (await control.signals()).slice(before);
    check(log.length === 2 && log[0]!.recipients.length === 2 && log[1]!.recipients.length === 1, 'the signals did not arrive');
    return `delivered to ${log[0]!.recipients.length} clients, then to Bob only`;
  }, [SESSION, CLIENTS]);

  await step('force-mute everyone but the moderator', true, async () => {
    check(control, 'no emulator');
    const [alice, bob] = people;
    await video.forceMuteAll(sessionId, { excludedStreamIds: [alice!.streamId] });
    const streams = (await control.state()).sessions.find((s) => s.sessionId === sessionId)!.streams;
    const muted = (id: string) => streams.find((s) => s.streamId === id)?.audioMuted;
    check(muted(bob!.streamId) === true && muted(alice!.streamId) === false, 'the wrong streams are muted');
    await video.disableForceMute(sessionId);
    return "Bob's audio muted, Alice's not; mute-all then disabled for new streams";
  }, [SESSION, CLIENTS]);

  await step('dial a SIP endpoint and play DTMF', true, async () => {
    check(control, 'no emulator');
    const call = await video.dial(sessionId, {
      token: await generate('publisher', 'name=Phone'),
      uri: 'sip:conference@sip.example.com;transport=tls',
      from: '+15551230000',
      headers: { 'X-Room': 'quickstart' },
    });
    await video.playDTMF(sessionId, '1234#', { connectionId: call.connectionId });
    const played = (await control.dtmf()).at(-1);
    check(played?.digits === '1234#', 'the DTMF digits were not played');
    return `call ${short(call.id)} joined as connection ${short(call.connectionId)}; played 1234#`;
  });

  await step('start and stop live captions', true, async () => {
    const { captionsId } = await video.startCaptions(sessionId, { token: await generate('moderator', 'captions'), languageCode: 'en-US' });
    await video.stopCaptions(captionsId);
    return `captions ${short(captionsId)} started, now stopped`;
  });

  await step('render a web page with Experience Composer', true, async () => {
    const render = await video.startRender(sessionId, {
      token: await generate('publisher', 'name=Composer'),
      url: 'https://example.com/whiteboard',
      properties: { name: 'Whiteboard' },
    });
    const started = await waitFor('the render', () => video.getRender(render.id), (r) => r.status === 'started');
    await video.stopRender(render.id);
    return `render ${short(render.id)} ${started.status} and published stream ${short(started.streamId ?? '')}; stopped`;
  });

  await step('force-disconnect a client', true, async () => {
    const bob = people[1]!;
    await video.forceDisconnect(sessionId, bob.connectionId);
    const connections = await video.listConnections(sessionId);
    check(!connections.items.some((c) => c.connectionId === bob.connectionId), 'Bob is still connected');
    return 'Bob was disconnected; his stream left with him';
  }, [SESSION, CLIENTS]);

  return result;
}
