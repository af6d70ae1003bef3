import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { clientToken, eventually, liveSession, rest, send, startTestEmulator, type Rest } from './helpers.js';

let emu: Emulator;
let ot: Rest;
let vg: Rest;

beforeAll(async () => {
  emu = await startTestEmulator({ idleTimeoutMs: 50 });
  ot = rest(emu, 'opentok');
  vg = rest(emu, 'vonage');
});
afterAll(() => emu.stop());

async function waitForStatus(api: Rest, id: string, status: string) {
  return eventually(async () => {
    const answer = await api.call('GET', `/archive/${id}`);
    return answer.json.status === status ? answer.json : undefined;
  });
}

async function expectError(answer: Promise<{ status: number; json: { code: number; message: string } }>, status: number, message: RegExp, code = status) {
  const { status: got, json } = await answer;
  expect(got).toBe(status);
  expect(json.code).toBe(code);
  expect(json.message).toMatch(message);
}

describe('start', () => {
  it('starts a composed archive with the documented defaults (API-key path: projectId)', async () => {
    const { sessionId } = await liveSession(emu, ot);
    const answer = await ot.call('POST', '/archive', { sessionId, name: 'Demo' });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      status: 'started',
      name: 'Demo',
      sessionId,
      projectId: ot.key,
      outputMode: 'composed',
      streamMode: 'auto',
      hasAudio: true,
      hasVideo: true,
      hasTranscription: false,
      resolution: '640x480',
      size: 0,
      duration: 0,
      url: null,
      reason: '',
      event: 'archive',
      streams: [],
    });
    expect(answer.json).not.toHaveProperty('applicationId');
    expect(answer.json.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('names the application on the application-ID path and keeps every option', async () => {
    const { sessionId } = await liveSession(emu, vg);
    const answer = await vg.call('POST', '/archive', {
      sessionId,
      hasAudio: false,
      resolution: '1920x1080',
      layout: { type: 'bestFit', screenshareType: 'pip' },
      streamMode: 'manual',
      multiArchiveTag: 'tag-1',
      maxBitrate: 2_000_000,
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      applicationId: vg.key,
      hasAudio: false,
      resolution: '1920x1080',
      streamMode: 'manual',
      multiArchiveTag: 'tag-1',
      maxBitrate: 2_000_000,
      hasTranscription: false,
    });
    expect(answer.json).not.toHaveProperty('projectId');
    expect(answer.json).not.toHaveProperty('transcription');
    const state = await emu.control.state();
    expect(state.archives.find((a) => a.id === answer.json.id)).toMatchObject({ layout: { type: 'bestFit', screenshareType: 'pip' } });
  });

  it('transcribes an individual archive with audio: the transcription follows the archive to its JSON file', async () => {
    const { sessionId } = await liveSession(emu, vg);
    const answer = await vg.call('POST', '/archive', {
      sessionId,
      outputMode: 'individual',
      hasTranscription: true,
      transcriptionProperties: { primaryLanguageCode: 'fr-FR', hasSummary: true },
    });
    expect(answer.status).toBe(200);
    const id = answer.json.id as string;
    expect(answer.json).toMatchObject({ hasTranscription: true, outputMode: 'individual' });
    expect(answer.json.transcription).toEqual({ status: 'requested', reason: '', url: null, primaryLanguageCode: 'fr-FR', hasSummary: true });
    const stopped = await vg.call('POST', `/archive/${id}/stop`);
    expect(stopped.json.transcription).toMatchObject({ status: 'started', url: null });
    const available = await waitForStatus(vg, id, 'available');
    const url = `${emu.url}/_emulator/media/archives/${id}/transcription.json`;
    expect(available.transcription).toEqual({ status: 'available', reason: '', url, primaryLanguageCode: 'fr-FR', hasSummary: true });
    const file = await fetch(url);
    expect([file.status, await file.json()]).toEqual([200, { archiveId: id, transcript: [] }]);
    // The defaults, and no transcription without hasTranscription.
    const plain = await vg.call('POST', '/archive', { sessionId, outputMode: 'individual', hasTranscription: true, multiArchiveTag: 'b' });
    expect(plain.json.transcription).toEqual({ status: 'requested', reason: '', url: null, primaryLanguageCode: 'en-US', hasSummary: false });
    const none = await vg.call('POST', '/archive', { sessionId, outputMode: 'individual', multiArchiveTag: 'c' });
    expect(none.json).not.toHaveProperty('transcription');
  });

  it('accepts JSON nulls for unset options (as Python sends) and individual output', async () => {
    const { sessionId } = await liveSession(emu, ot);
    const answer = await ot.call('POST', '/archive', { sessionId, name: null, resolution: null, multiArchiveTag: null, maxBitrate: null, outputMode: 'individual' });
    expect(answer.status).toBe(200);
    expect(answer.json.outputMode).toBe('individual');
    expect(answer.json).not.toHaveProperty('resolution');
  });

  it.each([
    [{ sessionId: undefined }, /"sessionId" is required/],
    [{ sessionId: 42 }, /"sessionId" must be a string/],
    [{ sessionId: 'not-a-session' }, /Invalid session ID/],
    [{ hasAudio: false, hasVideo: false }, /cannot both be false/],
    [{ outputMode: 'mixed' }, /outputMode/],
    [{ resolution: '800x600' }, /resolution/],
    [{ outputMode: 'individual', resolution: '1280x720' }, /resolution can only be set for composed/],
    [{ outputMode: 'individual', layout: { type: 'pip' } }, /layout can only be set for composed/],
    [{ maxBitrate: 2_000_000, quantizationParameter: 20 }, /cannot both be set/],
    [{ maxBitrate: 99 }, /maxBitrate/],
    [{ quantizationParameter: 41 }, /quantizationParameter/],
    [{ layout: { type: 'custom' } }, /stylesheet" is required/],
    [{ layout: { type: 'pip', stylesheet: 'a {}' } }, /stylesheet" can only be set/],
    [{ layout: { type: 'pip', screenshareType: 'bestFit' } }, /screenshareType" can only be set/],
    [{ layout: { type: 'bestFit', screenshareType: 'custom' } }, /screenshareType" must be one of/],
    [{ layout: { type: 'mosaic' } }, /layout.type/],
    [{ streamMode: 'semi' }, /streamMode/],
    [{ transcriptionProperties: { hasSummary: true } }, /needs hasTranscription/],
    [{ hasTranscription: true }, /^"hasTranscription" needs outputMode "individual": transcription is only for individual stream archives$/],
    [{ hasTranscription: true, outputMode: 'composed' }, /^"hasTranscription" needs outputMode "individual"/],
    [{ hasTranscription: true, outputMode: 'individual', hasAudio: false }, /^"hasTranscription" needs hasAudio: true: there is no audio to transcribe$/],
  ])('400 for %o', async (extra, message) => {
    const { sessionId } = await liveSession(emu, ot);
    await expectError(ot.call('POST', '/archive', { sessionId, ...extra }), 400, message);
  });

  it('400 for malformed JSON and a non-object body', async () => {
    await expectError(ot.call('POST', '/archive', '{"sessionId":'), 400, /Invalid JSON/);
    await expectError(ot.call('POST', '/archive', '[1,2]'), 400, /must be a JSON object/);
  });

  it('404 for an unknown session, or one of another project', async () => {
    const other = await vg.session();
    await expectError(ot.call('POST', '/archive', { sessionId: other }), 404, /Session not found/);
  });

  it('404 when no client is connected', async () => {
    const sessionId = await ot.session();
    await expectError(ot.call('POST', '/archive', { sessionId }), 404, /No clients are actively connected/);
  });

  it('409 for a relayed session', async () => {
    const sessionId = await ot.session({ 'p2p.preference': 'enabled' });
    await emu.control.join(sessionId, await clientToken(emu, 'opentok', sessionId));
    await expectError(ot.call('POST', '/archive', { sessionId }), 409, /^Only routed sessions are allowed to initiate archives/, 15008);
  });

  it('409 when already recording without a tag, or with a used tag; distinct tags record together', async () => {
    const { sessionId } = await liveSession(emu, ot);
    expect((await ot.call('POST', '/archive', { sessionId })).status).toBe(200);
    await expectError(ot.call('POST', '/archive', { sessionId }), 409, /already being recorded/, 15001);
    expect((await ot.call('POST', '/archive', { sessionId, multiArchiveTag: 'a' })).status).toBe(200);
    await expectError(ot.call('POST', '/archive', { sessionId, multiArchiveTag: 'a' }), 409, /tag/, 15001);
    expect((await ot.call('POST', '/archive', { sessionId, multiArchiveTag: 'b' })).status).toBe(200);
  });
});

describe('lifecycle', () => {
  it('started → paused (nobody publishes) → started → stopped → available with a URL', async () => {
    const { sessionId, connectionId, streamId } = await liveSession(emu, vg);
    const started = await vg.call('POST', '/archive', { sessionId });
    const id = started.json.id;
    await emu.control.unpublish(sessionId, streamId);
    expect((await vg.call('GET', `/archive/${id}`)).json.status).toBe('paused');
    await emu.control.publish(sessionId, connectionId);
    expect((await vg.call('GET', `/archive/${id}`)).json.status).toBe('started');
    const stopped = await vg.call('POST', `/archive/${id}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.json).toMatchObject({ id, status: 'stopped', reason: 'user initiated', url: null });
    const available = await waitForStatus(vg, id, 'available');
    expect(available.url).toMatch(new RegExp(`^${emu.url}/`));
    expect(available.size).toBeGreaterThan(0);
    expect(available.duration).toBeGreaterThanOrEqual(0);
    const file = await fetch(available.url);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(file.status).toBe(200);
    expect(bytes.length).toBe(available.size);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(available.sha256sum);
  });

  it('answers started but is paused when nobody publishes yet', async () => {
    const sessionId = await ot.session();
    await emu.control.join(sessionId, await clientToken(emu, 'opentok', sessionId));
    const started = await ot.call('POST', '/archive', { sessionId });
    expect(started.json.status).toBe('started');
    expect((await ot.call('GET', `/archive/${started.json.id}`)).json.status).toBe('paused');
    expect((await ot.call('POST', `/archive/${started.json.id}/stop`)).json.status).toBe('stopped');
  });

  it('stopping a stopped archive is a no-op; 409 (code 15002) once it is available; 404 for an unknown one', async () => {
    const { sessionId } = await liveSession(emu, ot);
    const { id } = (await ot.call('POST', '/archive', { sessionId })).json;
    await ot.call('POST', `/archive/${id}/stop`, {});
    const again = await ot.call('POST', `/archive/${id}/stop`, {});
    expect([again.status, again.json.status]).toEqual([200, 'stopped']);
    await eventually(async () => ((await ot.call('GET', `/archive/${id}`)).json.status === 'available' ? true : undefined));
    await expectError(ot.call('POST', `/archive/${id}/stop`, {}), 409, /started OR paused OR stopped/, 15002);
    await expectError(ot.call('POST', '/archive/00000000-0000-4000-8000-000000000000/stop'), 404, /Archive not found/);
    await expectError(ot.call('GET', '/archive/00000000-0000-4000-8000-000000000000'), 404, /Archive not found/);
  });

  it('stops archives once the last client has been gone for the idle timeout', async () => {
    const { sessionId, connectionId } = await liveSession(emu, ot);
    const { id } = (await ot.call('POST', '/archive', { sessionId })).json;
    await emu.control.disconnect(sessionId, connectionId);
    const stopped = await eventually(async () => {
      const a = (await ot.call('GET', `/archive/${id}`)).json;
      return a.status === 'stopped' || a.status === 'available' ? a : undefined;
    });
    expect(stopped.reason).toBe('session ended');
  });

  it('keeps recording when someone rejoins within the idle timeout', async () => {
    const { sessionId, connectionId } = await liveSession(emu, ot);
    const { id } = (await ot.call('POST', '/archive', { sessionId })).json;
    await emu.control.disconnect(sessionId, connectionId);
    await emu.control.join(sessionId, await clientToken(emu, 'opentok', sessionId));
    await new Promise((r) => setTimeout(r, 120));
    expect((await ot.call('GET', `/archive/${id}`)).json.status).toBe('paused');
  });

  it('archiveMode always starts an archive when the first client connects', async () => {
    const sessionId = await ot.session({ 'p2p.preference': 'disabled', archiveMode: 'always', archiveName: 'auto', archiveResolution: '1280x720' });
    expect((await ot.call('GET', `/archive?sessionId=${sessionId}`)).json.count).toBe(0);
    const { connectionId } = await emu.control.join(sessionId, await clientToken(emu, 'opentok', sessionId));
    await emu.control.publish(sessionId, connectionId);
    await emu.control.join(sessionId, await clientToken(emu, 'opentok', sessionId));
    const list = (await ot.call('GET', `/archive?sessionId=${sessionId}`)).json;
    expect(list.count).toBe(1);
    expect(list.items[0]).toMatchObject({ status: 'started', name: 'auto', resolution: '1280x720', outputMode: 'composed' });
    // Stopping an automatic archive has no effect; a manual one needs a tag.
    expect((await ot.call('POST', `/archive/${list.items[0].id}/stop`)).json.status).toBe('started');
    await expectError(ot.call('POST', '/archive', { sessionId }), 409, /already being recorded/, 15001);
    expect((await ot.call('POST', '/archive', { sessionId, multiArchiveTag: 'manual' })).status).toBe(200);
  });
});

describe('delete and list', () => {
  it('409 (code 15004) unless available; deleted archives leave the list', async () => {
    const { sessionId } = await liveSession(emu, ot);
    const { id } = (await ot.call('POST', '/archive', { sessionId })).json;
    await expectError(ot.call('DELETE', `/archive/${id}`), 409, /available OR uploaded OR deleted/, 15004);
    await ot.call('POST', `/archive/${id}/stop`);
    await waitForStatus(ot, id, 'available');
    const deleted = await ot.call('DELETE', `/archive/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await ot.call('GET', `/archive/${id}`)).json).toMatchObject({ status: 'deleted', url: null });
    expect((await ot.call('DELETE', `/archive/${id}`)).status).toBe(204);
    expect((await ot.call('GET', `/archive?sessionId=${sessionId}`)).json).toEqual({ count: 0, items: [] });
    await expectError(ot.call('DELETE', '/archive/unknown'), 404, /Archive not found/);
  });

  it('pages newest first, filters by session, counts the total', async () => {
    const { sessionId } = await liveSession(emu, vg);
    const ids: string[] = [];
    for (const tag of ['1', '2', '3', '4', '5']) ids.push((await vg.call('POST', '/archive', { sessionId, multiArchiveTag: tag })).json.id);
    const all = (await vg.call('GET', `/archive?sessionId=${encodeURIComponent(sessionId)}`)).json;
    expect(all.count).toBe(5);
    expect(all.items.map((a: { id: string }) => a.id)).toEqual([...ids].reverse());
    const page = (await vg.call('GET', `/archive?sessionId=${sessionId}&offset=1&count=2`)).json;
    expect(page.count).toBe(5);
    expect(page.items.map((a: { id: string }) => a.id)).toEqual([ids[3], ids[2]]);
    expect((await vg.call('GET', `/archive?sessionId=${sessionId}&offset=10`)).json).toEqual({ count: 5, items: [] });
    expect((await vg.call('GET', `/archive?sessionId=${sessionId}&count=0`)).json.items).toEqual([]);
    const everything = (await vg.call('GET', '/archive?count=1000')).json;
    expect(everything.count).toBeGreaterThanOrEqual(5);
    // The other project's archives never show up.
    expect((await ot.call('GET', `/archive?sessionId=${sessionId}`)).json.count).toBe(0);
  });

  it.each(['count=1001', 'count=-1', 'count=abc', 'offset=-5', 'offset=1.5'])('400 for %s', async (query) => {
    await expectError(ot.call('GET', `/archive?${query}`), 400, /offset|count/);
  });

  it('defaults to 50 per page', async () => {
    const { sessionId } = await liveSession(emu, ot);
    for (let i = 0; i < 51; i += 1) await ot.call('POST', '/archive', { sessionId, multiArchiveTag: `t${i}` });
    const page = (await ot.call('GET', `/archive?sessionId=${sessionId}`)).json;
    expect(page.count).toBe(51);
    expect(page.items).toHaveLength(50);
  });
});

describe('layout and streams', () => {
  it('changes the layout of a composed archive while it records', async () => {
    const { sessionId } = await liveSession(emu, ot);
    const { id } = (await ot.call('POST', '/archive', { sessionId })).json;
    const layout = { type: 'custom', stylesheet: 'stream.instructor {position: absolute; width: 100%;}' };
    const answer = await ot.call('PUT', `/archive/${id}/layout`, layout);
    expect(answer.status).toBe(200);
    expect(answer.json.id).toBe(id);
    const state = await emu.control.state();
    expect(state.archives.find((a) => a.id === id)?.layout).toEqual(layout);
    await expectError(ot.call('PUT', `/archive/${id}/layout`, { type: 'custom' }), 400, /stylesheet/);
    await expectError(ot.call('PUT', `/archive/${id}/layout`, '{'), 400, /Invalid JSON/);
    await ot.call('POST', `/archive/${id}/stop`);
    await expectError(ot.call('PUT', `/archive/${id}/layout`, { type: 'pip' }), 409, /while the archive is recording/);
  });

  it('400 for the layout of an individual archive; 404 for an unknown one', async () => {
    const { sessionId } = await liveSession(emu, ot);
    const { id } = (await ot.call('POST', '/archive', { sessionId, outputMode: 'individual' })).json;
    await expectError(ot.call('PUT', `/archive/${id}/layout`, { type: 'pip' }), 400, /composed/);
    await expectError(ot.call('PUT', '/archive/nope/layout', { type: 'pip' }), 404, /Archive not found/);
  });

  it('adds, toggles and removes streams in manual mode', async () => {
    const { sessionId, connectionId, streamId } = await liveSession(emu, vg);
    const other = (await emu.control.publish(sessionId, connectionId)).streamId;
    const { id } = (await vg.call('POST', '/archive', { sessionId, streamMode: 'manual' })).json;
    expect((await vg.call('PATCH', `/archive/${id}/streams`, { addStream: streamId })).status).toBe(204);
    expect((await vg.call('PATCH', `/archive/${id}/streams`, { addStream: other, hasAudio: false })).status).toBe(204);
    expect((await vg.call('GET', `/archive/${id}`)).json.streams).toEqual([
      { streamId, hasAudio: true, hasVideo: true },
      { streamId: other, hasAudio: false, hasVideo: true },
    ]);
    await vg.call('PATCH', `/archive/${id}/streams`, { addStream: other, hasAudio: true, hasVideo: false });
    await vg.call('PATCH', `/archive/${id}/streams`, { removeStream: streamId });
    expect((await vg.call('GET', `/archive/${id}`)).json.streams).toEqual([{ streamId: other, hasAudio: true, hasVideo: false }]);
    await expectError(vg.call('PATCH', `/archive/${id}/streams`, { addStream: 'ghost' }), 404, /Stream not found/);
    await expectError(vg.call('PATCH', `/archive/${id}/streams`, {}), 400, /exactly one/);
    await expectError(vg.call('PATCH', `/archive/${id}/streams`, { addStream: other, removeStream: other }), 400, /exactly one/);
    await expectError(vg.call('PATCH', `/archive/${id}/streams`, { addStream: other, hasAudio: false, hasVideo: false }), 400, /both be false/);
    await vg.call('POST', `/archive/${id}/stop`);
    await expectError(vg.call('PATCH', `/archive/${id}/streams`, { addStream: other }), 409, /while the archive is recording/);
  });

  it('405 for stream changes on an auto-mode archive', async () => {
    const { sessionId, streamId } = await liveSession(emu, ot);
    const { id } = (await ot.call('POST', '/archive', { sessionId })).json;
    await expectError(ot.call('PATCH', `/archive/${id}/streams`, { addStream: streamId }), 405, /streamMode "auto"/);
  });

  it('405 for a wrong method on a known path, with Allow', async () => {
    const answer = await send(`${emu.url}/v2/project/${ot.key}/archive/x/stop`, { method: 'GET' });
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST');
  });
});
