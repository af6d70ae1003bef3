// Every operation of the Video class, with the route it may use (method + path template), how to
// call it from a bag of generated arguments, and generators of hostile arguments.
import fc from 'fast-check';
import type { Video } from '@video/server-sdk';
import { CALL_KEYS, declaredOptionKeys } from './declared-options.js';

export type Args = Record<string, unknown> & { options?: unknown };

export interface OperationSpec {
  name: string;
  /** `METHOD /path/{param}` under `/v2/project/{key}` (or from the host, for `/session/...create`). */
  routes: string[];
  /** Builds the arguments. `id` generates every ID. */
  args(id: fc.Arbitrary<unknown>): fc.Arbitrary<Args>;
  call(video: Video, a: Args): Promise<unknown>;
  /** Mints locally and never sends a request. */
  local?: boolean;
  /** An iterator: with `limit: 0` it may finish without a request. */
  iterates?: boolean;
  /** For OpenTok project credentials only: with application credentials, refused before any request. */
  projectOnly?: boolean;
}

/** IDs and strings that try to leave their path segment, break encoding or exhaust limits. */
export const SPECIAL_STRINGS = [
  '', '.', '..', '...', './x', 'x/.', '/', 'a/b', '../archive', '..%2F', '%2F', '%2f..%2f', '%2e', '%2E%2E', '%', '%zz', '%00',
  '?', 'a?b=1', '#', 'a#b', '\\', 'a\\..\\b', '\u0000', '\n', '\r\n', '\t', '\u2028', '\ud800', '\udfff', 'é', '🎥', '\u202e',
  ' ', 'stop', 'layout', 'streams', 'x'.repeat(512), 'x'.repeat(513), 'a'.repeat(10_000), 'http://evil.example/x',
  '//evil.example', '@evil.example', ';x', '+', '&a=b', '=', 'null', 'undefined', '__proto__', 'constructor',
];

/** Any ID: special strings, arbitrary (also binary and grapheme) strings, plausible IDs, non-strings. */
export function idArbitrary(real: string[] = []): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
    { weight: 3, arbitrary: fc.string() },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.stringMatching(/^[./%?#\\a-z0-9~-]{0,12}$/) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: real.length ? 4 : 0, arbitrary: real.length ? fc.constantFrom(...real) : fc.constant('x') },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
  );
}

const PLAUSIBLE = [
  'composed', 'individual', 'routed', 'relayed', 'manual', 'always', 'auto', 'bestFit', 'custom', 'pip', 'horizontalPresentation',
  'verticalPresentation', 'bestFitPip', '640x480', '1280x720', '1920x1080', '720x1280', 'en-US', 'moderator', 'publisher', 'subscriber',
  'sip:user@example.com', 'sips:user@example.com;transport=tls', 'https://example.com/page', 'wss://example.com/audio',
  'rtmps://a.example.com/live', '+15551230000', '1234#', 'p*9', 'json', 'X-Thing', 16000, 8000, 100_000, 30, 3600, 0, -1, 1.5,
  2 ** 31, Number.NaN, Number.POSITIVE_INFINITY, true, false, null,
] as const;

/** A value for any option: arbitrary data, hostile strings, plausible enum values, nested shapes. */
export function valueArbitrary(id: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const layout = fc.record(
    {
      type: fc.oneof(fc.constantFrom('bestFit', 'custom', 'pip', 'verticalPresentation', 'horizontalPresentation', 'focus'), id),
      stylesheet: fc.oneof(fc.string(), id),
      screenshareType: fc.oneof(fc.constantFrom('bestFit', 'pip', 'verticalPresentation'), id),
    },
    { requiredKeys: [] },
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...PLAUSIBLE) },
    { weight: 3, arbitrary: id },
    { weight: 2, arbitrary: fc.anything({ maxDepth: 2 }) },
    { weight: 1, arbitrary: fc.array(fc.oneof(id, fc.constantFrom(...PLAUSIBLE)), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double()) },
    { weight: 1, arbitrary: layout },
    { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('X-Custom', 'x-a', 'Authorization')), fc.oneof(fc.string(), id), { maxKeys: 3 }) },
  );
}

/** Options that pass local validation, with hostile values where the API allows any string. */
const VALID = {
  layout: (id: fc.Arbitrary<unknown>) =>
    fc.oneof(
      fc.constantFrom({ type: 'bestFit' }, { type: 'pip' }, { type: 'bestFit', screenshareType: 'verticalPresentation' }, { type: 'horizontalPresentation' }),
      fc.record({ type: fc.constant('custom'), stylesheet: fc.oneof(fc.string({ minLength: 1 }), id.filter((v) => typeof v === 'string' && v !== '')) }),
    ),
  token: (id: fc.Arbitrary<unknown>) => fc.oneof(fc.string({ minLength: 1 }), id.filter((v) => typeof v === 'string' && v !== '')),
};

/** Hostile options half the time, options that pass local validation the other half. */
const mix = (hostile: fc.Arbitrary<unknown>, valid: fc.Arbitrary<unknown>) => fc.oneof(hostile, valid);

/** An options argument: absent, a mix of known keys (and a stray one), a record of known keys, or anything. */
export function optionsArbitrary(id: fc.Arbitrary<unknown>, keys: string[], { required = false } = {}): fc.Arbitrary<unknown> {
  const value = valueArbitrary(id);
  const known = keys.length ? fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] }) : fc.constant({});
  return fc.oneof(
    { weight: required ? 0 : 1, arbitrary: fc.constant(undefined) },
    { weight: 4, arbitrary: known },
    { weight: 2, arbitrary: fc.dictionary(fc.constantFrom(...keys, ...CALL_KEYS, 'bogus', 'expire_time'), value, { maxKeys: 5 }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
  );
}

/** The option keys `Video.<name>` declares (call options aside), read from its signature. */
const DECLARED = declaredOptionKeys();
function keysOf(name: string): string[] {
  const keys = DECLARED[name];
  if (!keys) throw new Error(`Video.${name} has no options parameter`);
  return keys;
}

const ID_OP = (name: string, route: string, param: string, call: (v: Video, id: unknown, o: unknown) => Promise<unknown>): OperationSpec => ({
  name,
  routes: [route],
  args: (id) => fc.record({ [param]: id, options: optionsArbitrary(id, keysOf(name)) }),
  call: (v, a) => call(v, a[param], a.options),
});

const SESSION_OP = (
  name: string,
  route: string,
  call: (v: Video, sid: unknown, o: unknown) => Promise<unknown>,
  required = false,
  valid?: (id: fc.Arbitrary<unknown>) => fc.Arbitrary<unknown>,
): OperationSpec => ({
  name,
  routes: [route],
  args: (id) =>
    fc.record({ sessionId: id, options: valid ? mix(optionsArbitrary(id, keysOf(name), { required }), valid(id)) : optionsArbitrary(id, keysOf(name), { required }) }),
  call: (v, a) => call(v, a.sessionId, a.options),
});

const LIST_OP = (name: string, route: string, call: (v: Video, o: unknown) => Promise<unknown>, iterates = false): OperationSpec => ({
  name,
  routes: [route],
  args: (id) => fc.record({ options: optionsArbitrary(id, keysOf(name)) }),
  call: (v, a) => call(v, a.options),
  iterates,
});

async function drain(iterator: AsyncIterable<unknown>): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const item of iterator) items.push(item);
  return items;
}

// The Video methods take typed arguments; these tests pass anything on purpose.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const OPERATIONS: OperationSpec[] = [
  {
    name: 'createSession',
    routes: ['POST /session/create'],
    args: (id) => fc.record({ options: optionsArbitrary(id, keysOf('createSession')) }),
    call: (v, a) => v.createSession(a.options as Any),
  },
  {
    name: 'generateToken',
    routes: [],
    local: true,
    args: (id) => fc.record({ sessionId: id, options: optionsArbitrary(id, keysOf('generateToken')) }),
    call: (v, a) => v.generateToken(a['sessionId'] as Any, a.options as Any),
  },
  SESSION_OP('startArchive', 'POST /archive', (v, s, o) => v.startArchive(s as Any, o as Any)),
  ID_OP('stopArchive', 'POST /archive/{archiveId}/stop', 'archiveId', (v, id, o) => v.stopArchive(id as Any, o as Any)),
  ID_OP('getArchive', 'GET /archive/{archiveId}', 'archiveId', (v, id, o) => v.getArchive(id as Any, o as Any)),
  LIST_OP('listArchives', 'GET /archive', (v, o) => v.listArchives(o as Any)),
  LIST_OP('iterateArchives', 'GET /archive', (v, o) => drain(v.iterateArchives(o as Any)), true),
  ID_OP('deleteArchive', 'DELETE /archive/{archiveId}', 'archiveId', (v, id, o) => v.deleteArchive(id as Any, o as Any)),
  {
    name: 'setArchiveLayout',
    routes: ['PUT /archive/{archiveId}/layout'],
    args: (id) => fc.record({ archiveId: id, layout: mix(valueArbitrary(id), VALID.layout(id)), options: optionsArbitrary(id, keysOf('setArchiveLayout')) }),
    call: (v, a) => v.setArchiveLayout(a['archiveId'] as Any, a['layout'] as Any, a.options as Any),
  },
  {
    name: 'addArchiveStream',
    routes: ['PATCH /archive/{archiveId}/streams'],
    args: (id) => fc.record({ archiveId: id, streamId: id, options: optionsArbitrary(id, keysOf('addArchiveStream')) }),
    call: (v, a) => v.addArchiveStream(a['archiveId'] as Any, a['streamId'] as Any, a.options as Any),
  },
  {
    name: 'removeArchiveStream',
    routes: ['PATCH /archive/{archiveId}/streams'],
    args: (id) => fc.record({ archiveId: id, streamId: id, options: optionsArbitrary(id, keysOf('removeArchiveStream')) }),
    call: (v, a) => v.removeArchiveStream(a['archiveId'] as Any, a['streamId'] as Any, a.options as Any),
  },
  SESSION_OP('startBroadcast', 'POST /broadcast', (v, s, o) => v.startBroadcast(s as Any, o as Any), true, (id) =>
    fc.record(
      {
        outputs: fc.oneof(
          fc.constant({ hls: {} }),
          fc.record({ rtmp: fc.array(fc.record({ serverUrl: fc.constant('rtmps://a.example.com/live'), streamName: VALID.token(id) }), { minLength: 1, maxLength: 2 }) }),
        ),
        multiBroadcastTag: VALID.token(id),
        layout: VALID.layout(id),
      },
      { requiredKeys: ['outputs'] },
    )),
  ID_OP('stopBroadcast', 'POST /broadcast/{broadcastId}/stop', 'broadcastId', (v, id, o) => v.stopBroadcast(id as Any, o as Any)),
  ID_OP('getBroadcast', 'GET /broadcast/{broadcastId}', 'broadcastId', (v, id, o) => v.getBroadcast(id as Any, o as Any)),
  LIST_OP('listBroadcasts', 'GET /broadcast', (v, o) => v.listBroadcasts(o as Any)),
  LIST_OP('iterateBroadcasts', 'GET /broadcast', (v, o) => drain(v.iterateBroadcasts(o as Any)), true),
  {
    name: 'setBroadcastLayout',
    routes: ['PUT /broadcast/{broadcastId}/layout'],
    args: (id) => fc.record({ broadcastId: id, layout: mix(valueArbitrary(id), VALID.layout(id)), options: optionsArbitrary(id, keysOf('setBroadcastLayout')) }),
    call: (v, a) => v.setBroadcastLayout(a['broadcastId'] as Any, a['layout'] as Any, a.options as Any),
  },
  {
    name: 'addBroadcastStream',
    routes: ['PATCH /broadcast/{broadcastId}/streams'],
    args: (id) => fc.record({ broadcastId: id, streamId: id, options: optionsArbitrary(id, keysOf('addBroadcastStream')) }),
    call: (v, a) => v.addBroadcastStream(a['broadcastId'] as Any, a['streamId'] as Any, a.options as Any),
  },
  {
    name: 'removeBroadcastStream',
    routes: ['PATCH /broadcast/{broadcastId}/streams'],
    args: (id) => fc.record({ broadcastId: id, streamId: id, options: optionsArbitrary(id, keysOf('removeBroadcastStream')) }),
    call: (v, a) => v.removeBroadcastStream(a['broadcastId'] as Any, a['streamId'] as Any, a.options as Any),
  },
  {
    name: 'getStream',
    routes: ['GET /session/{sessionId}/stream/{streamId}'],
    args: (id) => fc.record({ sessionId: id, streamId: id, options: optionsArbitrary(id, keysOf('getStream')) }),
    call: (v, a) => v.getStream(a['sessionId'] as Any, a['streamId'] as Any, a.options as Any),
  },
  SESSION_OP('listStreams', 'GET /session/{sessionId}/stream', (v, s, o) => v.listStreams(s as Any, o as Any)),
  {
    name: 'setStreamClassLists',
    routes: ['PUT /session/{sessionId}/stream'],
    args: (id) =>
      fc.record({
        sessionId: id,
        items: fc.oneof(
          fc.array(fc.record({ id, layoutClassList: fc.oneof(fc.array(fc.oneof(fc.string(), id), { maxLength: 3 }), id) }, { requiredKeys: [] }), { maxLength: 3 }),
          valueArbitrary(id),
          fc.array(fc.record({ id: VALID.token(id), layoutClassList: fc.array(fc.string(), { maxLength: 3 }) }), { minLength: 1, maxLength: 3 }),
        ),
        options: optionsArbitrary(id, keysOf('setStreamClassLists')),
      }),
    call: (v, a) => v.setStreamClassLists(a['sessionId'] as Any, a['items'] as Any, a.options as Any),
  },
  SESSION_OP('migrateSession', 'POST /session/{sessionId}/migrate', (v, s, o) => v.migrateSession(s as Any, o as Any)),
  SESSION_OP('listConnections', 'GET /session/{sessionId}/connection', (v, s, o) => v.listConnections(s as Any, o as Any)),
  {
    name: 'signal',
    routes: ['POST /session/{sessionId}/signal', 'POST /session/{sessionId}/connection/{connectionId}/signal'],
    args: (id) =>
      fc.record({
        sessionId: id,
        // Hostile options, plus well-formed ones often enough that hostile IDs reach the route check.
        options: fc.oneof(
          optionsArbitrary(id, keysOf('signal'), { required: true }),
          fc.record({ data: fc.string({ maxLength: 100 }), type: fc.string({ maxLength: 20 }), connectionId: id }, { requiredKeys: ['data'] }),
        ),
      }),
    call: (v, a) => v.signal(a['sessionId'] as Any, a.options as Any),
  },
  {
    name: 'forceDisconnect',
    routes: ['DELETE /session/{sessionId}/connection/{connectionId}'],
    args: (id) => fc.record({ sessionId: id, connectionId: id, options: optionsArbitrary(id, keysOf('forceDisconnect')) }),
    call: (v, a) => v.forceDisconnect(a['sessionId'] as Any, a['connectionId'] as Any, a.options as Any),
  },
  {
    name: 'forceMuteStream',
    routes: ['POST /session/{sessionId}/stream/{streamId}/mute'],
    args: (id) => fc.record({ sessionId: id, streamId: id, options: optionsArbitrary(id, keysOf('forceMuteStream')) }),
    call: (v, a) => v.forceMuteStream(a['sessionId'] as Any, a['streamId'] as Any, a.options as Any),
  },
  SESSION_OP('forceMuteAll', 'POST /session/{sessionId}/mute', (v, s, o) => v.forceMuteAll(s as Any, o as Any)),
  SESSION_OP('disableForceMute', 'POST /session/{sessionId}/mute', (v, s, o) => v.disableForceMute(s as Any, o as Any)),
  SESSION_OP('dial', 'POST /dial', (v, s, o) => v.dial(s as Any, o as Any), true, (id) =>
    fc.record({ token: VALID.token(id), uri: fc.constantFrom('sip:user@example.com', 'sips:conf@sip.example.com;transport=tls') })),
  {
    name: 'playDTMF',
    routes: ['POST /session/{sessionId}/play-dtmf', 'POST /session/{sessionId}/connection/{connectionId}/play-dtmf'],
    args: (id) =>
      fc.record({ sessionId: id, digits: fc.oneof(fc.stringMatching(/^[0-9*#p]{1,8}$/), id), options: optionsArbitrary(id, keysOf('playDTMF')) }),
    call: (v, a) => v.playDTMF(a['sessionId'] as Any, a['digits'] as Any, a.options as Any),
  },
  SESSION_OP('websocketConnect', 'POST /connect', (v, s, o) => v.websocketConnect(s as Any, o as Any), true, (id) =>
    fc.record({ token: VALID.token(id), uri: fc.constant('wss://example.com/audio') })),
  {
    name: 'websocketDisconnect',
    routes: ['DELETE /session/{sessionId}/connection/{connectionId}'],
    // The connector object websocketConnect returned (its IDs generated), or anything else.
    args: (id) =>
      fc.record({
        sessionId: id,
        connectionId: id,
        other: fc.option(fc.anything({ maxDepth: 1 }).filter((v) => !(typeof v === 'object' && v !== null && ('sessionId' in v || 'connectionId' in v)))),
        options: optionsArbitrary(id, keysOf('websocketDisconnect')),
      }),
    call: (v, a) =>
      v.websocketDisconnect((a['other'] ?? { id: 'connector', sessionId: a['sessionId'], connectionId: a['connectionId'] }) as Any, a.options as Any),
  },
  SESSION_OP('startCaptions', 'POST /captions', (v, s, o) => v.startCaptions(s as Any, o as Any), true, (id) =>
    fc.record({ token: VALID.token(id), languageCode: fc.constant('en-US') }, { requiredKeys: ['token'] })),
  ID_OP('stopCaptions', 'POST /captions/{captionsId}/stop', 'captionsId', (v, id, o) => v.stopCaptions(id as Any, o as Any)),
  SESSION_OP('startRender', 'POST /render', (v, s, o) => v.startRender(s as Any, o as Any), true, (id) =>
    fc.record({ token: VALID.token(id), url: fc.constantFrom('https://example.com/page', 'https://example.com/a?b=c#d') })),
  ID_OP('getRender', 'GET /render/{renderId}', 'renderId', (v, id, o) => v.getRender(id as Any, o as Any)),
  ID_OP('stopRender', 'DELETE /render/{renderId}', 'renderId', (v, id, o) => v.stopRender(id as Any, o as Any)),
  LIST_OP('listRenders', 'GET /render', (v, o) => v.listRenders(o as Any)),
  LIST_OP('iterateRenders', 'GET /render', (v, o) => drain(v.iterateRenders(o as Any)), true),
  {
    name: 'registerCallback',
    routes: ['POST /callback'],
    projectOnly: true,
    args: (id) =>
      fc.record({
        options: mix(
          optionsArbitrary(id, keysOf('registerCallback'), { required: true }),
          fc.record({
            group: fc.constantFrom('connection', 'stream'),
            event: fc.constantFrom('created', 'destroyed'),
            url: fc.oneof(fc.constant('https://example.com/cb'), fc.webUrl({ validSchemes: ['https'] })),
          }),
        ),
      }),
    call: (v, a) => v.registerCallback(a.options as Any),
  },
  { ...LIST_OP('listCallbacks', 'GET /callback', (v, o) => v.listCallbacks(o as Any)), projectOnly: true },
  { ...ID_OP('unregisterCallback', 'DELETE /callback/{callbackId}', 'callbackId', (v, id, o) => v.unregisterCallback(id as Any, o as Any)), projectOnly: true },
];

export interface CompiledRoute {
  method: string;
  regex: RegExp;
  params: string[];
}

/** `METHOD /a/{b}` → a regex over the path as sent; each parameter is one non-empty segment. */
export function compileRoute(route: string, projectKey: string): CompiledRoute {
  const [method, template] = route.split(' ') as [string, string];
  const params: string[] = [];
  const body = template
    .split(/(\{[a-zA-Z]+\})/)
    .map((part) => {
      const param = /^\{([a-zA-Z]+)\}$/.exec(part)?.[1];
      if (param) {
        params.push(param);
        return `(?<${param}>[^/?#]+)`;
      }
      return part.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    })
    .join('');
  const prefix = template === '/session/create' ? '' : `/v2/project/${projectKey.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}`;
  return { method, regex: new RegExp(`^${prefix}${body}$`), params };
}

/** The value a route parameter must carry: the argument of that name, or the option of that name. */
export function paramValue(a: Args, name: string): unknown {
  if (name in a) return a[name];
  return typeof a.options === 'object' && a.options !== null ? (a.options as Record<string, unknown>)[name] : undefined;
}

/**
 * Problems with one request of an operation: its method and path must match one of the
 * operation's routes, and each path parameter must decode to exactly the caller's value.
 */
export function routeProblems(op: OperationSpec, routes: CompiledRoute[], a: Args, method: string, path: string): string[] {
  const candidates = routes.filter((r) => r.method === method);
  if (!candidates.length) return [`method ${method} is not one of ${op.routes.join(', ')}`];
  for (const route of candidates) {
    const match = route.regex.exec(path);
    if (!match) continue;
    const wrong = route.params.filter((p) => {
      let decoded: string;
      try {
        decoded = decodeURIComponent(match.groups?.[p] ?? '');
      } catch {
        return true;
      }
      return decoded !== paramValue(a, p);
    });
    if (!wrong.length) return [];
  }
  return [`${method} ${path.length > 200 ? `${path.slice(0, 200)}…` : path} matches none of ${op.routes.join(', ')} with the caller's IDs`];
}
