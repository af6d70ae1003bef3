// The request bodies are zod schemas of the wire format: a 400 names the first field that is wrong
// (with its full path), JSON null is an absent option, and fields the API does not know are ignored.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { clientToken, liveSession, rest, send, startTestEmulator, type Rest } from './helpers.js';

let emu: Emulator;
let ot: Rest;

beforeAll(async () => {
  emu = await startTestEmulator();
  ot = rest(emu, 'opentok');
});
beforeEach(() => emu.control.reset());
afterAll(() => emu.stop());

const control = (path: string, body: unknown) =>
  send(`${emu.url}/_emulator${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** A body nested `depth` objects deep (deeper than any recursive walk of it could go). */
const deep = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('a 400 names the field', () => {
  it('with its full path, and says what is wrong', async () => {
    const { sessionId, streamId } = await liveSession(emu, ot);
    const token = await clientToken(emu, 'opentok', sessionId, { role: 'moderator' });
    const archive = (await ot.call('POST', '/archive', { sessionId })).json.id as string;
    const cases: [string, string, unknown, string, number?][] = [
      ['POST', '/archive', { sessionId: null }, '"sessionId" is required'],
      ['POST', '/archive', { sessionId: '' }, '"sessionId" is required'],
      ['POST', '/archive', { sessionId: 42 }, '"sessionId" must be a string'],
      ['POST', '/archive', { sessionId, hasAudio: 'yes' }, '"hasAudio" must be a boolean'],
      ['POST', '/archive', { sessionId, outputMode: 'mixed' }, '"outputMode" must be one of composed, individual'],
      ['POST', '/archive', { sessionId, maxBitrate: 99 }, '"maxBitrate" must be between 100000 and 6000000'],
      ['POST', '/archive', { sessionId, maxBitrate: 150_000.5 }, '"maxBitrate" must be an integer'],
      ['POST', '/archive', { sessionId, maxBitrate: '200000' }, '"maxBitrate" must be an integer'],
      ['POST', '/archive', { sessionId, layout: { type: 'custom' } }, '"layout.stylesheet" is required when the layout type is "custom"'],
      ['POST', '/archive', { sessionId, layout: [] }, '"layout" must be an object'],
      ['POST', '/archive', { sessionId, hasTranscription: true, transcriptionProperties: { hasSummary: 'x' } }, '"transcriptionProperties.hasSummary" must be a boolean'],
      ['POST', '/archive', { sessionId, hasAudio: false, hasVideo: false }, 'hasAudio and hasVideo cannot both be false'],
      ['POST', '/archive', { sessionId, outputMode: 'individual', maxBitrate: 200_000 }, 'maxBitrate can only be set for composed archives'],
      ['POST', '/archive', { sessionId, hasTranscription: true }, '"hasTranscription" needs outputMode "individual": transcription is only for individual stream archives'],
      ['PUT', `/archive/${archive}/layout`, { type: 'custom', stylesheet: ' ' }, '"layout.stylesheet" is required when the layout type is "custom"'],
      ['PUT', `/archive/${archive}/layout`, { type: 'pip', screenshareType: 'pip' }, '"layout.screenshareType" can only be set when the layout type is "bestFit"'],
      ['PATCH', `/archive/${archive}/streams`, {}, 'Give exactly one of addStream and removeStream'],
      ['POST', '/broadcast', { sessionId, outputs: null }, '"outputs" is required: give outputs.hls and/or outputs.rtmp'],
      ['POST', '/broadcast', { sessionId, outputs: 'hls' }, '"outputs" must be an object'],
      ['POST', '/broadcast', { sessionId, outputs: {} }, '"outputs" must contain hls or at least one rtmp target'],
      ['POST', '/broadcast', { sessionId, outputs: { rtmp: [null] } }, '"outputs.rtmp[0]" must be an object'],
      ['POST', '/broadcast', { sessionId, outputs: { hls: { dvr: true, lowLatency: true } } }, '"outputs.hls" cannot have both dvr and lowLatency set'],
      ['POST', '/dial', { sessionId, token: 42, sip: { uri: 'sip:a@b.c' } }, '"token" must be a string'],
      ['POST', '/dial', { sessionId, token, sip: null }, '"sip" is required and must be an object with a "uri"'],
      ['POST', '/dial', { sessionId, token, sip: { uri: 'sip:a@b.c', headers: { 'X-A': null } } }, '"sip.headers.X-A" must be a string'],
      ['POST', '/dial', { sessionId, token, sip: { uri: 'sip:a@b.c', headers: { Room: '1' } } }, '"sip.headers.Room" is not allowed: custom SIP header names must start with "X-"'],
      ['POST', '/dial', { sessionId, token, sip: { uri: 'sip:a@b.c', auth: {} } }, '"sip.auth.username" is required'],
      ['POST', '/connect', { sessionId, token, websocket: { uri: 'wss://example.com/socket', audioRate: 44100 } }, '"websocket.audioRate" must be one of 8000, 16000, 24000'],
      ['POST', '/connect', { sessionId, token, websocket: { uri: 'wss://example.com/socket', streams: ['a', 1] } }, '"websocket.streams[1]" must be a string'],
      ['POST', '/render', { sessionId, token, url: 'https://a.b' }, '"url" must be at least 15 characters long', 50001],
      ['POST', '/render', { sessionId, token, url: 'https://example.com', properties: {} }, '"properties.name" is required', 50007],
      ['POST', '/captions', { sessionId, token, partialCaptions: 'maybe' }, '"partialCaptions" must be a boolean'],
      ['POST', '/captions', { sessionId, token, languageCode: 'xx' }, expect.stringMatching(/^"languageCode" must be one of en-US, en-AU, /) as unknown as string],
      ['POST', '/callback', { group: 'stream', event: 'created', url: 'ftp://example.com/callback' }, '"url" must be an http:// or https:// URL'],
      ['PUT', `/session/${sessionId}/stream`, { items: [{ id: '', layoutClassList: [] }] }, '"items[0].id" is required'],
      ['PUT', `/session/${sessionId}/stream`, { items: [{ id: streamId, layoutClassList: [] }, 'x'] }, '"items[1]" must be an object'],
      ['POST', `/session/${sessionId}/signal`, { type: 't', data: null }, '"data" is required'],
      ['POST', `/session/${sessionId}/mute`, { active: 'yes' }, '"active" is required and must be a boolean'],
      ['POST', `/session/${sessionId}/play-dtmf`, {}, '"digits" must be a non-empty string of 0-9, *, # and p (a 500 ms pause)'],
      ['GET', '/archive?count=1001', undefined, '"count" must be at most 1000'],
      ['GET', '/broadcast?offset=-1', undefined, '"offset" must be a non-negative integer'],
    ];
    const answers = [];
    for (const [method, path, body] of cases) {
      const answer = await ot.call(method, path, body === undefined ? undefined : JSON.stringify(body));
      answers.push({ method, path, status: answer.status, json: answer.json });
    }
    expect(answers).toEqual(cases.map(([method, path, , message, code]) => ({ method, path, status: 400, json: { code: code ?? 400, message } })));
  });

  it('says "Request body" when the body is not a JSON object', async () => {
    for (const [body, message] of [
      ['', 'Request body is required and must be a JSON object'],
      ['null', 'Request body is required and must be a JSON object'],
      ['[]', 'Request body must be a JSON object'],
      ['"x"', 'Request body must be a JSON object'],
    ]) {
      expect((await ot.call('POST', '/archive', body)).json).toEqual({ code: 400, message });
    }
  });

  it('on the control API too', async () => {
    const { sessionId, connectionId } = await liveSession(emu, ot);
    const answers = await Promise.all([
      control('/faults', { action: { type: 'explode' } }),
      control('/faults', {}),
      control('/faults', { action: { type: 'status', status: 503, headers: { 'X-A': 1 } } }),
      control('/faults', `{"action":{"type":"status","status":503,"body":${deep(20_000)}}}`),
      control(`/sessions/${sessionId}/connections/${connectionId}/streams`, { videoType: 'hologram' }),
    ]);
    expect(answers.map((a) => [a.status, a.json?.message])).toEqual([
      [400, '"action.type" must be one of status, drop, drop-mid-body, delay, malformed-json, empty, html, date-skew'],
      [400, '"action" is required'],
      [400, '"action.headers.X-A" must be a string'],
      [400, '"action.body" is nested too deeply'],
      [400, '"videoType" must be one of camera, screen, custom'],
    ]);
  });
});

describe('JSON null is an absent option', () => {
  it('for every optional field of every start call: the defaults apply', async () => {
    const { sessionId, streamId } = await liveSession(emu, ot);
    const token = await clientToken(emu, 'opentok', sessionId, { role: 'moderator' });
    const archive = await ot.call('POST', '/archive', {
      sessionId, name: null, hasAudio: null, hasVideo: null, outputMode: null, resolution: null, layout: null, streamMode: null,
      multiArchiveTag: null, maxBitrate: null, quantizationParameter: null, hasTranscription: null, transcriptionProperties: null,
    });
    expect(archive.status).toBe(200);
    expect(archive.json).toMatchObject({ name: null, hasAudio: true, hasVideo: true, outputMode: 'composed', resolution: '640x480', streamMode: 'auto' });
    const broadcast = await ot.call('POST', '/broadcast', {
      sessionId, outputs: { hls: { dvr: null, lowLatency: null }, rtmp: null }, maxDuration: null, maxBitrate: null, resolution: null,
      layout: { type: 'bestFit', stylesheet: null, screenshareType: null }, streamMode: null, multiBroadcastTag: null, hasAudio: null, hasVideo: null,
    });
    expect(broadcast.status).toBe(200);
    expect(broadcast.json).toMatchObject({ maxDuration: 14_400, maxBitrate: 2_000_000, resolution: '640x480', streamMode: 'auto', settings: { hls: { dvr: false, lowLatency: false } } });
    const dial = await ot.call('POST', '/dial', {
      sessionId, token, sip: { uri: 'sip:a@b.c', from: null, headers: null, auth: null, secure: null, video: null, observeForceMute: null, streams: null },
    });
    expect(dial.status).toBe(200);
    const connect = await ot.call('POST', '/connect', {
      sessionId, token, websocket: { uri: 'wss://example.com/socket', streams: null, headers: null, audioRate: null, bidirectional: null, audioTransport: null },
    });
    expect(connect.status).toBe(200);
    const render = await ot.call('POST', '/render', {
      sessionId, token, url: 'https://example.com/page', maxDuration: null, resolution: null, properties: null, statusCallbackUrl: null,
    });
    expect(render.status).toBe(202);
    const captions = await ot.call('POST', '/captions', {
      sessionId, token, languageCode: null, maxDuration: null, partialCaptions: null, statusCallbackUrl: null,
    });
    expect(captions.status).toBe(202);
    expect((await ot.call('POST', `/session/${sessionId}/mute`, { active: true, excludedStreamIds: null })).status).toBe(200);
    const manual = (await ot.call('POST', '/archive', { sessionId, multiArchiveTag: 'm', streamMode: 'manual' })).json.id as string;
    const patch = await ot.call('PATCH', `/archive/${manual}/streams`, { addStream: streamId, removeStream: null, hasAudio: null, hasVideo: null });
    expect(patch.status).toBe(204);

    const state = await emu.control.state();
    expect(state.sipCalls[0]).toMatchObject({ from: null, headers: null, auth: null, secure: false, video: false, observeForceMute: false, streams: null });
    expect(state.audioConnectors[0]).toMatchObject({ streams: null, headers: null, audioRate: 16000, bidirectional: false, audioTransport: null });
    expect(state.renders[0]).toMatchObject({ maxDuration: 7200, resolution: '1280x720' });
    expect(state.captions[0]).toMatchObject({ languageCode: 'en-US', maxDuration: 14_400, partialCaptions: true, statusCallbackUrl: null });
    expect(state.archives.find((a) => a.id === manual)?.streams).toEqual([{ streamId, hasAudio: true, hasVideo: true }]);
  });
});

describe('fields the API does not know', () => {
  it('are ignored, at any depth, however deeply nested they are', async () => {
    const { sessionId } = await liveSession(emu, ot);
    const token = await clientToken(emu, 'opentok', sessionId, { role: 'moderator' });
    const nested = deep(20_000);
    const archive = await ot.call('POST', '/archive', `{"sessionId":"${sessionId}","future":${nested},"layout":{"type":"pip","extra":${nested}}}`);
    expect(archive.status).toBe(200);
    expect((await emu.control.state()).archives[0]?.layout).toEqual({ type: 'pip' });
    const dial = await ot.call('POST', '/dial', { sessionId, token, future: 1, sip: { uri: 'sip:a@b.c', future: true } });
    expect(dial.status).toBe(200);
  });

  it('are kept in audioTransport (passed to the socket as given), unless nested too deeply', async () => {
    const { sessionId } = await liveSession(emu, ot);
    const token = await clientToken(emu, 'opentok', sessionId);
    const audioTransport = { transport: 'json', staticFields: { room: 'a' }, future: [1] };
    expect((await ot.call('POST', '/connect', { sessionId, token, websocket: { uri: 'wss://example.com/socket', audioTransport } })).status).toBe(200);
    expect((await emu.control.state()).audioConnectors[0]?.audioTransport).toEqual(audioTransport);
    const tooDeep = `{"sessionId":"${sessionId}","token":"${token}","websocket":{"uri":"wss://example.com/socket","audioTransport":{"transport":"json","staticFields":${deep(20_000)}}}}`;
    expect((await ot.call('POST', '/connect', tooDeep)).json).toEqual({ code: 400, message: '"websocket.audioTransport" is nested too deeply' });
  });
});
