// Every operation of every package, called without a client (undefined, null, a plain object, the
// Video instance itself), fails with a VideoValidationError on `client` before any request: never
// a raw TypeError. The arguments are otherwise valid, so the client is the only thing wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as archives from '@video/archives';
import * as broadcasts from '@video/broadcasts';
import * as captions from '@video/captions';
import * as moderation from '@video/moderation';
import * as renders from '@video/renders';
import * as sessions from '@video/sessions';
import * as sip from '@video/sip';
import * as callbacks from '@video/webhooks/register';
import { Video, VideoValidationError } from '@video/server-sdk';
import { startHarness, type Harness } from '../../../test/support/harness.js';
import { rejection } from '../../../test/support/assertions.js';

let h: Harness;
let sessionId: string;
let token: string;
beforeAll(async () => {
  h = await startHarness();
  sessionId = (await sessions.createSession(h.client('vonage'), { mediaMode: 'routed' })).sessionId;
  token = await sessions.generateToken(h.client('vonage'), sessionId, { role: 'moderator' });
});
afterAll(() => h.stop());

type Fn = (...args: unknown[]) => unknown;
const MODULES = { archives, broadcasts, captions, moderation, renders, sessions, sip, callbacks } as Record<string, Record<string, unknown>>;
/** Exported functions that take no client: readers of API objects. */
const NOT_OPERATIONS = ['toArchive', 'toBroadcast', 'toRender'];

/** The arguments after the client, valid ones, for each operation. */
function argumentsOf(name: string): unknown[] {
  const layout = { type: 'bestFit' };
  const table: Record<string, unknown[]> = {
    startArchive: [sessionId, {}],
    stopArchive: ['archive-1'],
    getArchive: ['archive-1'],
    deleteArchive: ['archive-1'],
    listArchives: [{}],
    iterateArchives: [{}],
    setArchiveLayout: ['archive-1', layout],
    addArchiveStream: ['archive-1', 'stream-1'],
    removeArchiveStream: ['archive-1', 'stream-1'],
    startBroadcast: [sessionId, { outputs: { hls: {} } }],
    stopBroadcast: ['broadcast-1'],
    getBroadcast: ['broadcast-1'],
    listBroadcasts: [{}],
    iterateBroadcasts: [{}],
    setBroadcastLayout: ['broadcast-1', layout],
    addBroadcastStream: ['broadcast-1', 'stream-1'],
    removeBroadcastStream: ['broadcast-1', 'stream-1'],
    startCaptions: [sessionId, { token }],
    stopCaptions: ['captions-1'],
    forceDisconnect: [sessionId, 'connection-1'],
    forceMuteStream: [sessionId, 'stream-1'],
    forceMuteAll: [sessionId, {}],
    disableForceMute: [sessionId],
    startRender: [sessionId, { token, url: 'https://example.com/page' }],
    stopRender: ['render-1'],
    getRender: ['render-1'],
    listRenders: [{}],
    iterateRenders: [{}],
    createSession: [{}],
    generateToken: [sessionId, {}],
    getStream: [sessionId, 'stream-1'],
    listStreams: [sessionId],
    setStreamClassLists: [sessionId, [{ id: 'stream-1', layoutClassList: ['full'] }]],
    listConnections: [sessionId],
    migrateSession: [sessionId],
    signal: [sessionId, { type: 'chat', data: 'hi' }],
    dial: [sessionId, { uri: 'sip:user@sip.example.com', token }],
    playDTMF: [sessionId, '1234'],
    websocketConnect: [sessionId, { uri: 'wss://example.com/socket', token }],
    websocketDisconnect: [{ sessionId, connectionId: 'connection-1' }],
    registerCallback: [{ group: 'connection', event: 'created', url: 'https://example.com/callback' }],
    listCallbacks: [],
    unregisterCallback: ['callback-1'],
  };
  const args = table[name];
  if (!args) throw new Error(`no arguments listed for ${name}: add it to the table`);
  return args;
}

const operations = (): [string, string, Fn][] =>
  Object.entries(MODULES).flatMap(([pkg, mod]) =>
    Object.entries(mod)
      .filter(([name, value]) => typeof value === 'function' && !NOT_OPERATIONS.includes(name))
      .map(([name, value]) => [pkg, name, value as Fn] as [string, string, Fn]),
  );

/** Calls the operation and, for an async iterator, asks for its first item. */
async function call(fn: Fn, client: unknown, args: unknown[]): Promise<unknown> {
  const result = fn(client, ...args);
  if (result && typeof (result as AsyncIterator<unknown>).next === 'function') return (result as AsyncIterator<unknown>).next();
  return result;
}

describe('an operation called without a client', () => {
  it('covers every exported operation of every package', () => {
    const names = operations().map(([, name]) => name);
    for (const name of names) argumentsOf(name);
    expect(names.length).toBeGreaterThanOrEqual(43);
  });

  it('works with the listed arguments and a real client (so the client is the only thing wrong below)', async () => {
    for (const [pkg, name, fn] of operations()) {
      // Project callbacks exist for OpenTok credentials only.
      const client = h.client(pkg === 'callbacks' ? 'opentok' : 'vonage');
      const outcome = await Promise.resolve()
        .then(() => call(fn, client, argumentsOf(name)))
        .catch((e: unknown) => e);
      // An API error (404 for the made-up IDs, 409 …) is fine; a local rejection is not.
      expect((outcome as { code?: string } | undefined)?.code, `${pkg}.${name}: ${(outcome as Error)?.message}`).not.toBe('validation_error');
      expect(outcome, `${pkg}.${name}`).not.toBeInstanceOf(TypeError);
    }
  });

  const BAD_CLIENTS: [string, () => unknown, RegExp][] = [
    ['undefined', () => undefined, /must be a client made by createClient\(credentials\), got undefined/],
    ['null', () => null, /got null/],
    ['a plain object', () => ({}), /got an object without request\(\)/],
    ['credentials', () => h.emu.credentials.vonage, /got an object without request\(\)/],
    ['a string', () => 'client', /got string/],
    ['the Video instance', () => new Video({ ...h.emu.credentials.vonage, baseUrl: h.emu.url }), /is a Video object: pass its `client` property/],
  ];

  it.each(BAD_CLIENTS)('rejects %s with a VideoValidationError on client, before any request', async (_label, bad, message) => {
    await h.mark();
    for (const [pkg, name, fn] of operations()) {
      // generateToken takes a client or credentials: with credentials it works, else it names them.
      if (name === 'generateToken') continue;
      const error = await rejection(() => call(fn, bad(), argumentsOf(name)));
      expect(error, `${pkg}.${name}: ${error.message}`).toBeInstanceOf(VideoValidationError);
      expect((error as VideoValidationError).field, `${pkg}.${name}: ${error.message}`).toBe('client');
      expect(error.message, `${pkg}.${name}`).toMatch(message);
    }
    expect(await h.requests()).toEqual([]);
  });

  it('generateToken, which also takes credentials, names them when given neither', async () => {
    for (const bad of [undefined, null, {}]) {
      const error = await rejection(() => sessions.generateToken(bad as never, sessionId));
      expect((error as VideoValidationError).field).toBe('credentials');
    }
    expect(await sessions.generateToken(h.emu.credentials.vonage, sessionId)).toBeTypeOf('string');
  });
});
