// Contract tests shared by the composition resources (archives, broadcasts, renders).
// `describeResourceContract(spec)` registers, in both credential modes, what they have in common;
// each suite keeps only what is its own (its options, its objects, the details of its lifecycle).
//
// What a resource provides (`ResourceSpec`):
// - `harness`: the suite's harness (it starts and stops it), `resource`: its path segment,
//   `idField`: the validation field of its ID, `rows`: its rows in the emulator state, `notFound`:
//   the API's message for an unknown ID, `statuses`: the statuses it goes through;
// - its operations, each the SDK function with the error statuses the API documents for it:
//   `start` (with the options of a minimal one), `stop`, `get`, `list` (with `iterate`);
// - `toItem` and `sample`: how a raw API object is read, for the "any 2xx" checks;
// - optional parts, each adding its tests when present: `delete`, `layout`, `streams` (manual stream
//   selection), `composed` (the start options of a composed output), `start.tag` (one running per
//   session unless tagged), `start.withoutClients` (a start refused when nobody is connected).
//
// Every test talks to the emulator over real sockets through the harness.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  InvalidRequestError,
  NetworkError,
  NotFoundError,
  ServerError,
  TimeoutError,
  type CallOptions,
  type Layout,
  type Page,
  type SessionIterateOptions,
  type SessionListOptions,
  type StreamSelectionOptions,
  type VideoClient,
  type VideoError,
} from '@video/core';
import type { EmulatorState, FaultAction, RequestLogEntry } from '@video/emulator';
import { createSession } from '@video/sessions';
import { expectAuthHeaders, MODES, projectPrefix, sessionWithClients, type Harness, type Mode } from './harness.js';
import { BAD_IDS, expectRejectedLocally, ownerOf, rejection, until, wrongKeyClient } from './assertions.js';

type ErrorClass = abstract new (...args: never[]) => VideoError;
type Row = Record<string, unknown>;

/** The fields every archive, broadcast and render has. */
export interface ResourceItem {
  id: string;
  sessionId: string;
  status: string;
  createdAt: Date;
}

/** An SDK operation and the error statuses the API documents for it (each one is injected and checked). */
export interface Documented<F> {
  run: F;
  errors: readonly number[];
}

/** An API error a call must end with. */
export interface ExpectedFailure {
  error: ErrorClass;
  status: number;
  code: string;
  message: RegExp;
}

export interface ResourceSpec<T extends ResourceItem, O extends object> {
  /** The suite's harness, started in its own `beforeAll`. */
  harness: () => Harness;
  /** The path segment under `/v2/project/{key}/`. */
  resource: 'archive' | 'broadcast' | 'render';
  /** The validation field of an ID in a path. */
  idField: 'archiveId' | 'broadcastId' | 'renderId';
  /** This resource's rows in the emulator state. */
  rows: (state: EmulatorState) => Row[];
  /** The API's message for an unknown ID (404). */
  notFound: string;
  /** Right after a start (before it settles), once started, once stopped and settled. */
  statuses: { afterStart: readonly string[]; running: string; stopped: string };
  /** Reads a raw API object; `sample` is one, with fields its reading must give. */
  toItem: (raw: Row) => T;
  sample: { raw: Row; expected: Partial<T> };
  start: Documented<(client: VideoClient, sessionId: string, options: O) => Promise<T>> & {
    /** The HTTP status of a successful start. */
    status: number;
    /** The smallest valid options, as far as local validation goes. */
    options: O;
    /** The smallest options the API accepts for a live session (default: `options`). */
    live?: (client: VideoClient, sessionId: string) => Promise<O>;
    /** Fields of one started with the minimal options that never change. */
    fields: Partial<T>;
    /** One running per session, unless started with a tag unique among the running ones. */
    tag?: { field: string; running: RegExp; duplicate: RegExp };
    /** How a start on a session without connected clients fails, when it does. */
    withoutClients?: ExpectedFailure;
  };
  /** `POST …/{id}/stop` answering the item, or `DELETE …/{id}` answering nothing. */
  stop: Documented<(client: VideoClient, id: string) => Promise<T | void>> & { method: 'POST' | 'DELETE'; status: number };
  get: Documented<(client: VideoClient, id: string) => Promise<T>>;
  list: Documented<(client: VideoClient, options?: SessionListOptions) => Promise<Page<T>>> & {
    iterate: (client: VideoClient, options?: SessionIterateOptions) => AsyncGenerator<T, void, undefined>;
    /** Whether the list can be filtered by `sessionId`. */
    bySession: boolean;
  };
  delete?: Documented<(client: VideoClient, id: string) => Promise<void>>;
  layout?: Documented<(client: VideoClient, id: string, layout: Layout, options?: CallOptions) => Promise<void>>;
  streams?: {
    add: Documented<(client: VideoClient, id: string, streamId: string, options?: StreamSelectionOptions) => Promise<void>>;
    remove: Documented<(client: VideoClient, id: string, streamId: string, options?: CallOptions) => Promise<void>>;
  };
  /** Start options of a composed output (resolution, layout, bitrate, stream mode, tracks); `accepted` adds the resource's own valid ones. */
  composed?: { accepted: readonly Partial<O>[] };
}

/** IDs that must never reach a request: the shared `BAD_IDS` and a few more. */
export const IDS_NEVER_SENT: [string, unknown][] = [
  ...BAD_IDS,
  ['a lone dot', '.'],
  ['a leading question mark', '?x'],
  ['undefined', undefined],
  ['null', null],
];

const LAYOUT_TYPES = ['bestFit', 'horizontalPresentation', 'pip', 'verticalPresentation'] as const;
const RESOLUTIONS = ['640x480', '480x640', '1280x720', '720x1280', '1920x1080', '1080x1920'] as const;

/** Layouts (objects) that are invalid wherever a layout is taken, and the field named. */
const INVALID_LAYOUTS: [string, object, string][] = [
  ['custom without stylesheet', { type: 'custom' }, 'layout.stylesheet'],
  ['custom with an empty stylesheet', { type: 'custom', stylesheet: '' }, 'layout.stylesheet'],
  ...(['bestFit', 'pip'] as const).map((type): [string, object, string] => [`a stylesheet with ${type}`, { type, stylesheet: 'x {}' }, 'layout.stylesheet']),
  ...(['pip', 'verticalPresentation', 'horizontalPresentation'] as const).map((type): [string, object, string] => [
    `screenshareType with ${type}`,
    { type, screenshareType: 'pip' },
    'layout.screenshareType',
  ]),
  ...(['pip', 'bestFit'] as const).map((screenshareType): [string, object, string] => [
    `screenshareType ${screenshareType} with custom`,
    { type: 'custom', stylesheet: 'x {}', screenshareType },
    'layout.screenshareType',
  ]),
  ['screenshareType custom', { type: 'bestFit', screenshareType: 'custom' }, 'layout.screenshareType'],
  ...['focus', 'grid', 'mosaic'].map((type): [string, object, string] => [`an unknown type (${type})`, { type }, 'layout.type']),
  ['no type', {}, 'layout.type'],
  ['an unknown key (columns)', { type: 'pip', columns: 2 }, 'layout.columns'],
  ['an unknown key (extra)', { type: 'bestFit', extra: true }, 'layout.extra'],
  ['an unknown key (stylesheets)', { type: 'pip', stylesheets: [] }, 'layout.stylesheets'],
];

/** Valid layouts, each applied in turn. */
const LAYOUTS: Layout[] = [
  { type: 'custom', stylesheet: 'stream.instructor {position: absolute; width: 100%; height:50%;}' },
  { type: 'bestFit', screenshareType: 'verticalPresentation' },
  { type: 'horizontalPresentation' },
  { type: 'bestFit', screenshareType: 'pip' },
  { type: 'custom', stylesheet: 'stream.focus { width: 100%; }' },
  { type: 'verticalPresentation' },
  { type: 'bestFit' },
];

/** Start options of a composed output that the API accepts. */
const ACCEPTED_COMPOSED: object[] = [
  { maxBitrate: 100_000 },
  { maxBitrate: 6_000_000 },
  ...RESOLUTIONS.map((resolution) => ({ resolution })),
  ...LAYOUT_TYPES.map((type) => ({ layout: { type } })),
  ...LAYOUT_TYPES.map((screenshareType) => ({ layout: { type: 'bestFit', screenshareType } })),
  { streamMode: 'auto' },
  { hasAudio: false },
  { hasVideo: false },
];

/** Start options of a composed output that are rejected locally, and the field named. */
const INVALID_COMPOSED: [string, object, string][] = [
  ...['800x600', '4k'].map((resolution): [string, object, string] => [`resolution ${resolution}`, { resolution }, 'resolution']),
  ['a string hasAudio', { hasAudio: 'yes' }, 'hasAudio'],
  ['a number hasAudio', { hasAudio: 1 }, 'hasAudio'],
  ['maxBitrate 99 999', { maxBitrate: 99_999 }, 'maxBitrate'],
  ['maxBitrate 6 000 001', { maxBitrate: 6_000_001 }, 'maxBitrate'],
  ['a fractional maxBitrate', { maxBitrate: 150_000.5 }, 'maxBitrate'],
  ...['semi', 'MANUAL'].map((streamMode): [string, object, string] => [`stream mode ${streamMode}`, { streamMode }, 'streamMode']),
  ['an unknown option', { foo: 1 }, 'foo'],
  ['a snake_case option', { output_mode: 'composed' }, 'output_mode'],
  ['a miscased option', { maxBitRate: 200_000 }, 'maxBitRate'],
  ['a negative timeout', { timeout: -1 }, 'timeout'],
  ...INVALID_LAYOUTS.map(([name, layout, field]): [string, object, string] => [`a layout: ${name}`, { layout }, field]),
  ['a layout that is a string', { layout: 'pip' }, 'layout'],
  ['a null layout', { layout: null }, 'layout'],
];

const LIST_INVALID: [string, unknown, string][] = [
  ['a negative offset', { offset: -1 }, 'offset'],
  ['a fractional offset', { offset: 1.5 }, 'offset'],
  ['count 0', { count: 0 }, 'count'],
  ['count 1001', { count: 1001 }, 'count'],
  ['a string count', { count: '10' }, 'count'],
  ['a fractional count', { count: 2.5 }, 'count'],
  ['an empty sessionId', { sessionId: '' }, 'sessionId'],
  ['an unknown option (session_id)', { session_id: 'x' }, 'session_id'],
  ['an unknown option (limit)', { limit: 3 }, 'limit'],
  ['a pageSize (iterate only)', { pageSize: 10 }, 'pageSize'],
  ['options that are no object', 'all', 'options'],
];

const ITERATE_INVALID: [string, unknown, string][] = [
  ['a negative offset', { offset: -1 }, 'offset'],
  ['a fractional offset', { offset: 0.5 }, 'offset'],
  ['pageSize 0', { pageSize: 0 }, 'pageSize'],
  ['pageSize 1001', { pageSize: 1001 }, 'pageSize'],
  ['a negative limit', { limit: -1 }, 'limit'],
  ['a fractional limit', { limit: 1.5 }, 'limit'],
  ['a count (list only)', { count: 5 }, 'count'],
  ['an empty sessionId', { sessionId: '' }, 'sessionId'],
  ['a non-string sessionId', { sessionId: 5 }, 'sessionId'],
  ['an unknown option', { size: 5 }, 'size'],
];

/** A resource's filter by session, where it has none. */
const SESSION_FILTER: [string, unknown, string] = ['a sessionId filter', { sessionId: 'S' }, 'sessionId'];

/** How each documented error status is mapped. */
const MAPPED: Record<number, [ErrorClass, string]> = {
  400: [InvalidRequestError, 'bad_request'],
  403: [AuthenticationError, 'authentication_failed'],
  404: [NotFoundError, 'not_found'],
  405: [InvalidRequestError, 'method_not_allowed'],
  409: [ConflictError, 'conflict'],
  500: [ServerError, 'server_error'],
};

/** An ID for injected answers (no such item exists), and IDs the emulator does not know. */
const FAKE_ID = 'c0ffee00-0000-4000-8000-000000000001';
const unknownIds = (resource: string) => ['00000000-0000-4000-8000-000000000000', `no-such-${resource}`];

/** Answers of an operation that answers nothing: any 2xx, with or without a body. */
const EMPTY_2XX: [number, unknown][] = [
  [200, {}],
  [200, { ok: true }],
  [200, { id: FAKE_ID }],
  [202, ''],
  [204, ''],
];

/** What the suite's tests share in one credential mode (set in `beforeAll`). */
interface Context {
  h: Harness;
  mode: Mode;
  client: VideoClient;
  prefix: string;
}

/** One operation as the generic tests call it: `path(id)` is its path under the project. */
interface Call {
  name: string;
  method: string;
  path: (id: string) => string;
  errors: readonly number[];
  answers: 'item' | 'page' | 'nothing';
  run: (client: VideoClient, id: string) => Promise<unknown>;
}

/** Registers the shared contract tests of a resource, in both credential modes. */
export function describeResourceContract<T extends ResourceItem, O extends object>(spec: ResourceSpec<T, O>): void {
  describe.each(MODES)('with %s credentials', (mode) => {
    const c = {} as Context;
    beforeAll(() => {
      c.h = spec.harness();
      c.mode = mode;
      c.client = c.h.client(mode);
      c.prefix = projectPrefix(c.client);
    });
    afterEach(() => c.h.emu.control.clearFaults());

    describeSessionRules(spec, c);
    if (spec.composed) describeComposedOptions(spec, c, spec.composed);
    describeLifecycle(spec, c);
    if (spec.layout) describeLayout(spec, c, spec.layout);
    if (spec.streams) describeStreams(spec, c, spec.streams);
    describeLists(spec, c);
    describePathSegments(spec, c);
    describeInjectedStatuses(spec, c);
    describeRetries(spec, c);
  });
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Starts one with the minimal live options and `extra`. */
async function startOne<T extends ResourceItem, O extends object>(spec: ResourceSpec<T, O>, client: VideoClient, sessionId: string, extra: object = {}): Promise<T> {
  const options = spec.start.live ? await spec.start.live(client, sessionId) : spec.start.options;
  return spec.start.run(client, sessionId, { ...options, ...extra });
}

/** Options that tell apart several started on one session (none for a resource without tags). */
function tagged<T extends ResourceItem, O extends object>(spec: ResourceSpec<T, O>, label: string): object {
  return spec.start.tag ? { [spec.start.tag.field]: label } : {};
}

async function rowsOf<T extends ResourceItem, O extends object>(spec: ResourceSpec<T, O>, h: Harness, keep: (row: Row) => boolean): Promise<Row[]> {
  return spec.rows(await h.emu.control.state()).filter(keep);
}

async function rowOf<T extends ResourceItem, O extends object>(spec: ResourceSpec<T, O>, h: Harness, id: string): Promise<Row> {
  const [row] = await rowsOf(spec, h, (r) => r.id === id);
  if (!row) throw new Error(`${spec.resource} ${id} is not in the emulator state`);
  return row;
}

const ofSession = (sessionId: string) => (row: Row) => row.sessionId === sessionId;

/** The parts of a request the wire tests compare exactly. */
function wire(request: RequestLogEntry) {
  return { method: request.method, path: request.path, query: request.query, rawBody: request.rawBody, status: request.status };
}

/** Every operation: start and list on the collection, the others on one item. */
function calls<T extends ResourceItem, O extends object>(spec: ResourceSpec<T, O>): Call[] {
  const { resource } = spec;
  const item = (suffix: string) => (id: string) => `${resource}/${id}${suffix}`;
  const list: Call[] = [
    { name: spec.start.run.name, method: 'POST', path: () => resource, errors: spec.start.errors, answers: 'item', run: (client) => spec.start.run(client, 'SESSION', spec.start.options) },
    {
      name: spec.stop.run.name,
      method: spec.stop.method,
      path: (id) => stopPath(spec, id),
      errors: spec.stop.errors,
      answers: spec.stop.method === 'POST' ? 'item' : 'nothing',
      run: (client, id) => spec.stop.run(client, id),
    },
    { name: spec.get.run.name, method: 'GET', path: item(''), errors: spec.get.errors, answers: 'item', run: (client, id) => spec.get.run(client, id) },
    { name: spec.list.run.name, method: 'GET', path: () => resource, errors: spec.list.errors, answers: 'page', run: (client) => spec.list.run(client) },
  ];
  const { delete: remove, layout, streams } = spec;
  if (remove) list.push({ name: remove.run.name, method: 'DELETE', path: item(''), errors: remove.errors, answers: 'nothing', run: (client, id) => remove.run(client, id) });
  if (layout) {
    list.push({ name: layout.run.name, method: 'PUT', path: item('/layout'), errors: layout.errors, answers: 'nothing', run: (client, id) => layout.run(client, id, { type: 'pip' }) });
  }
  if (streams) {
    for (const op of [streams.add, streams.remove]) {
      list.push({ name: op.run.name, method: 'PATCH', path: item('/streams'), errors: op.errors, answers: 'nothing', run: (client, id) => op.run(client, id, 's') });
    }
  }
  return list;
}

/** The path of a stop under the project: `POST {resource}/{id}/stop` or `DELETE {resource}/{id}`. */
const stopPath = <T extends ResourceItem, O extends object>(spec: ResourceSpec<T, O>, id: string) =>
  `${spec.resource}/${id}${spec.stop.method === 'POST' ? '/stop' : ''}`;

/** The operations that take an ID in their path. */
const byIdCalls = <T extends ResourceItem, O extends object>(spec: ResourceSpec<T, O>) => calls(spec).filter((call) => call.path('ID') !== spec.resource);

// ---------------------------------------------------------------------------------------------
// Sections

function describeSessionRules<T extends ResourceItem, O extends object>(spec: ResourceSpec<T, O>, c: Context): void {
  const { start } = spec;
  describe(`${start.run.name}: session rules`, () => {
    it.each(IDS_NEVER_SENT)('rejects a session ID that is %s locally', async (_name, sessionId) => {
      await expectRejectedLocally(c.h, () => start.run(c.client, sessionId as string, start.options), 'sessionId');
    });

    it('409 for a relayed session, with the API message', async () => {
      const { sessionId } = await sessionWithClients(c.client, c.h.emu, { session: { mediaMode: 'relayed' } });
      const error = await rejection(start.run(c.client, sessionId, start.options));
      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ status: 409, code: 'conflict', method: 'POST' });
      expect(error.message).toMatch(/routed/);
      expect(error.message).toBe((error.body as { message: string }).message);
      expect(await rowsOf(spec, c.h, ofSession(sessionId))).toEqual([]);
    });

    const { withoutClients } = start;
    if (withoutClients) {
      it(`${withoutClients.status} when no client is connected`, async () => {
        const { sessionId } = await createSession(c.client, { mediaMode: 'routed' });
        const error = await rejection(start.run(c.client, sessionId, start.options));
        expect(error).toBeInstanceOf(withoutClients.error);
        expect(error).toMatchObject({ status: withoutClients.status, code: withoutClients.code });
        expect(error.message).toMatch(withoutClients.message);
        expect(await rowsOf(spec, c.h, ofSession(sessionId))).toEqual([]);
      });
    }

    it("404 for another project's session and 400 for a malformed session ID", async () => {
      const other = c.h.client(c.mode === 'vonage' ? 'opentok' : 'vonage');
      const foreign = await sessionWithClients(other, c.h.emu);
      const notFound = await rejection(start.run(c.client, foreign.sessionId, start.options));
      expect(notFound).toBeInstanceOf(NotFoundError);
      expect(notFound).toMatchObject({ status: 404, code: 'not_found', message: 'Session not found' });

      const invalid = await rejection(start.run(c.client, 'not-a-session-id', start.options));
      expect(invalid).toBeInstanceOf(InvalidRequestError);
      expect(invalid).toMatchObject({ status: 400, code: 'bad_request' });
      expect(invalid.message).toMatch(/Invalid session ID/);
    });

    it('403 for rejected credentials, in every operation', async () => {
      const { sessionId } = await sessionWithClients(c.client, c.h.emu);
      const wrong = wrongKeyClient(c.h, c.mode);
      const denied = await rejection(startOne(spec, wrong, sessionId));
      expect(denied).toBeInstanceOf(AuthenticationError);
      expect(denied).toMatchObject({ status: 403, code: 'authentication_failed' });
      expect(await rowsOf(spec, c.h, ofSession(sessionId))).toEqual([]);
      for (const call of calls(spec).filter((each) => each.name !== start.run.name)) {
        const error = await rejection(call.run(wrong, 'x'));
        expect(error, call.name).toBeInstanceOf(AuthenticationError);
        expect(error).toMatchObject({ status: 403, code: 'authentication_failed' });
      }
    });

    const { tag } = start;
    if (tag) {
      it(`${tag.field} allows a second one on a session; a running one or a duplicate tag is a 409`, async () => {
        const { sessionId } = await sessionWithClients(c.client, c.h.emu);
        const first = await startOne(spec, c.client, sessionId);
        const second = await startOne(spec, c.client, sessionId, { [tag.field]: 'second' });
        expect(second.id).not.toBe(first.id);

        const again = await rejection(startOne(spec, c.client, sessionId));
        expect(again).toBeInstanceOf(ConflictError);
        expect(again).toMatchObject({ status: 409, code: 'conflict' });
        expect(again.message).toMatch(tag.running);

        const duplicate = await rejection(startOne(spec, c.client, sessionId, { [tag.field]: 'second' }));
        expect(duplicate).toBeInstanceOf(ConflictError);
        expect(duplicate).toMatchObject({ status: 409, code: 'conflict' });
        expect(duplicate.message).toMatch(tag.duplicate);

        const rows = await rowsOf(spec, c.h, ofSession(sessionId));
        expect(rows.map((r) => [r.id, r.status, r[tag.field]])).toEqual([
          [first.id, spec.statuses.running, undefined],
          [second.id, spec.statuses.running, 'second'],
        ]);
      });
    }
  });
}

function describeComposedOptions<T extends ResourceItem, O extends object>(spec: ResourceSpec<T, O>, c: Context, composed: { accepted: readonly Partial<O>[] }): void {
  const { start } = spec;
  describe(`${start.run.name}: options of a composed output`, () => {
    it('accepts every value the API allows', async () => {
      const { sessionId } = await sessionWithClients(c.client, c.h.emu);
      const accepted = [...ACCEPTED_COMPOSED, ...composed.accepted];
      for (const [i, options] of accepted.entries()) {
        await c.h.mark();
        const item = await startOne(spec, c.client, sessionId, { ...options, ...tagged(spec, `ok-${i}`) });
        expect((await c.h.lastRequest()).body).toStrictEqual({ sessionId, ...start.options, ...options, ...tagged(spec, `ok-${i}`) });
        expect(spec.statuses.afterStart).toContain(item.status);
      }
      expect(await rowsOf(spec, c.h, ofSession(sessionId))).toHaveLength(accepted.length);
    });

    const emptyTag: [string, object, string][] = start.tag ? [[`an empty ${start.tag.field}`, { [start.tag.field]: '' }, start.tag.field]] : [];
    it.each([...INVALID_COMPOSED, ...emptyTag])('rejects %s locally', async (_name, options, field) => {
      await expectRejectedLocally(c.h, () => start.run(c.client, 'SESSION', { ...start.options, ...options }), field);
    });

    it.each([[null], ['hls']])('rejects options that are %j locally', async (options) => {
      await expectRejectedLocally(c.h, () => start.run(c.client, 'SESSION', options as never), 'options');
    });
  });
}

function describeLifecycle<T extends ResourceItem, O extends object>(spec: ResourceSpec<T, O>, c: Context): void {
  const { start, get, stop, resource } = spec;
  describe('lifecycle', () => {
    it(`${start.run.name}, ${get.run.name} and ${stop.run.name} send exact requests`, async () => {
      const { sessionId } = await sessionWithClients(c.client, c.h.emu);
      const options = start.live ? await start.live(c.client, sessionId) : start.options;
      await c.h.mark();
      const started = await start.run(c.client, sessionId, options);
      const post = await c.h.lastRequest();
      expect(wire(post)).toEqual({ method: 'POST', path: `${c.prefix}/${resource}`, query: {}, rawBody: JSON.stringify({ sessionId, ...options }), status: start.status });
      expect(post.body).toStrictEqual({ sessionId, ...options });
      expectAuthHeaders(post, c.mode, true);
      const row = await rowOf(spec, c.h, started.id);
      expect(started).toMatchObject({ sessionId, ...ownerOf(c.client), createdAt: new Date(row.createdAt as number), ...start.fields });
      expect(spec.statuses.afterStart).toContain(started.status);

      await c.h.mark();
      expect((await get.run(c.client, started.id)).id).toBe(started.id);
      const got = await c.h.lastRequest();
      expect(wire(got)).toEqual({ method: 'GET', path: `${c.prefix}/${resource}/${started.id}`, query: {}, rawBody: '', status: 200 });
      expectAuthHeaders(got, c.mode, false);

      await c.h.mark();
      const answer = await stop.run(c.client, started.id);
      const stopped = await c.h.lastRequest();
      expect(wire(stopped)).toEqual({ method: stop.method, path: `${c.prefix}/${stopPath(spec, started.id)}`, query: {}, rawBody: '', status: stop.status });
      expectAuthHeaders(stopped, c.mode, false);
      expect(answer).toEqual(stop.method === 'POST' ? expect.objectContaining({ id: started.id, status: 'stopped' }) : undefined);
      await until(() => get.run(c.client, started.id), (item) => item.status === spec.statuses.stopped);
      expect((await rowOf(spec, c.h, started.id)).status).toBe(spec.statuses.stopped);
    });
  });
}

function describeLayout<T extends ResourceItem, O extends object>(spec: ResourceSpec<T, O>, c: Context, layout: NonNullable<ResourceSpec<T, O>['layout']>): void {
  describe(layout.run.name, () => {
    it('sends each layout form and the emulator applies it', async () => {
      const { sessionId } = await sessionWithClients(c.client, c.h.emu);
      const item = await startOne(spec, c.client, sessionId);
      for (const form of LAYOUTS) {
        await c.h.mark();
        await expect(layout.run(c.client, item.id, form)).resolves.toBeUndefined();
        const request = await c.h.lastRequest();
        expect(wire(request)).toEqual({ method: 'PUT', path: `${c.prefix}/${spec.resource}/${item.id}/layout`, query: {}, rawBody: JSON.stringify(form), status: 200 });
        expectAuthHeaders(request, c.mode, true);
        expect(request.body).toStrictEqual(form);
        expect((await rowOf(spec, c.h, item.id)).layout).toStrictEqual(form);
      }
    });

    const invalid: [string, unknown, string][] = [...INVALID_LAYOUTS, ['undefined', undefined, 'layout'], ['null', null, 'layout'], ['a string', 'pip', 'layout']];
    it.each(invalid)('rejects %s locally', async (_name, value, field) => {
      await expectRejectedLocally(c.h, () => layout.run(c.client, `${spec.resource}-id`, value as Layout), field);
    });

    it.each([
      [{ type: 'pip' }, 'type'],
      [{ layout: {} }, 'layout'],
    ])('rejects the unknown option keys of %j locally', async (options, field) => {
      await expectRejectedLocally(c.h, () => layout.run(c.client, `${spec.resource}-id`, { type: 'pip' }, options as never), field);
    });
  });
}

function describeStreams<T extends ResourceItem, O extends object>(spec: ResourceSpec<T, O>, c: Context, streams: NonNullable<ResourceSpec<T, O>['streams']>): void {
  const { add, remove } = streams;
  describe(`${add.run.name} / ${remove.run.name}`, () => {
    it('selects streams in manual mode with exact bodies', async () => {
      const { sessionId, participants } = await sessionWithClients(c.client, c.h.emu, { clients: 2 });
      const [one, two] = participants.map((p) => p.streamId!) as [string, string];
      const item = await startOne(spec, c.client, sessionId, { streamMode: 'manual' });
      const tracks = (streamId: string, hasAudio: boolean, hasVideo: boolean) => ({ streamId, hasAudio, hasVideo });
      const steps: [() => Promise<void>, object, object[]][] = [
        [() => add.run(c.client, item.id, one), { addStream: one, hasAudio: true, hasVideo: true }, [tracks(one, true, true)]],
        [() => add.run(c.client, item.id, two, { hasAudio: false }), { addStream: two, hasAudio: false, hasVideo: true }, [tracks(one, true, true), tracks(two, false, true)]],
        [() => add.run(c.client, item.id, one, { hasVideo: false }), { addStream: one, hasAudio: true, hasVideo: false }, [tracks(one, true, false), tracks(two, false, true)]],
        [
          () => add.run(c.client, item.id, two, { hasVideo: false, hasAudio: true }),
          { addStream: two, hasAudio: true, hasVideo: false },
          [tracks(one, true, false), tracks(two, true, false)],
        ],
        [() => add.run(c.client, item.id, one), { addStream: one, hasAudio: true, hasVideo: true }, [tracks(one, true, true), tracks(two, true, false)]],
        [() => remove.run(c.client, item.id, two), { removeStream: two }, [tracks(one, true, true)]],
        [() => remove.run(c.client, item.id, one), { removeStream: one }, []],
      ];
      for (const [run, body, selected] of steps) {
        await c.h.mark();
        await expect(run()).resolves.toBeUndefined();
        const request = await c.h.lastRequest();
        expect(wire(request)).toEqual({ method: 'PATCH', path: `${c.prefix}/${spec.resource}/${item.id}/streams`, query: {}, rawBody: JSON.stringify(body), status: 204 });
        expectAuthHeaders(request, c.mode, true);
        expect(request.body).toStrictEqual(body);
        expect((await rowOf(spec, c.h, item.id)).streams).toEqual(selected);
        expect(((await spec.get.run(c.client, item.id)) as unknown as { streams: unknown }).streams).toEqual(selected);
      }
    });

    it('405 in auto stream mode; 404 for an unknown stream', async () => {
      const { sessionId, participants } = await sessionWithClients(c.client, c.h.emu);
      const auto = await startOne(spec, c.client, sessionId);
      for (const op of [add, remove]) {
        const error = await rejection(op.run(c.client, auto.id, participants[0]!.streamId!));
        expect(error).toBeInstanceOf(InvalidRequestError);
        expect(error).toMatchObject({ status: 405, code: 'method_not_allowed', method: 'PATCH' });
        expect(error.message).toMatch(/Stream mode not supported/);
      }
      const manual = await startOne(spec, c.client, sessionId, { streamMode: 'manual', ...tagged(spec, 'manual') });
      for (const op of [add, remove]) {
        const missing = await rejection(op.run(c.client, manual.id, 'no-such-stream'));
        expect(missing).toBeInstanceOf(NotFoundError);
        expect(missing).toMatchObject({ status: 404, message: 'Stream not found' });
      }
      expect((await rowOf(spec, c.h, manual.id)).streams).toEqual([]);
    });

    const invalid: [string, () => Promise<void>, string][] = [
      ['neither audio nor video', () => add.run(c.client, 'i', 's', { hasAudio: false, hasVideo: false }), 'hasVideo'],
      ['a number hasVideo', () => add.run(c.client, 'i', 's', { hasVideo: 0 as never }), 'hasVideo'],
      ['a string hasAudio', () => add.run(c.client, 'i', 's', { hasAudio: 'false' as never }), 'hasAudio'],
      ['an unknown add option (audio)', () => add.run(c.client, 'i', 's', { audio: true } as never), 'audio'],
      ['an unknown add option (video)', () => add.run(c.client, 'i', 's', { video: false } as never), 'video'],
      ['an unknown remove option (hasAudio)', () => remove.run(c.client, 'i', 's', { hasAudio: true } as never), 'hasAudio'],
      ['an unknown remove option (hasVideo)', () => remove.run(c.client, 'i', 's', { hasVideo: true } as never), 'hasVideo'],
      ['an empty stream ID to add', () => add.run(c.client, 'i', ''), 'streamId'],
      ['an empty stream ID to remove', () => remove.run(c.client, 'i', ''), 'streamId'],
      ['a non-string stream ID to add', () => add.run(c.client, 'i', 7 as never), 'streamId'],
      ['a non-string stream ID to remove', () => remove.run(c.client, 'i', 7 as never), 'streamId'],
    ];
    it.each(invalid)('rejects %s locally', async (_name, run, field) => {
      await expectRejectedLocally(c.h, run, field);
    });
  });
}

function describeLists<T extends ResourceItem, O extends object>(spec: ResourceSpec<T, O>, c: Context): void {
  const { list } = spec;
  const { iterate, bySession } = list;
  describe(`${list.run.name} / ${iterate.name}`, () => {
    let sessionId: string;
    /** Seven started on one session (the oldest then stopped), newest first. */
    let ours: string[];
    const settled = [...Array<string>(6).fill(spec.statuses.running), spec.statuses.stopped];
    beforeAll(async () => {
      ({ sessionId } = await sessionWithClients(c.client, c.h.emu));
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push((await startOne(spec, c.client, sessionId, tagged(spec, `list-${i}`))).id);
      await spec.stop.run(c.client, ids[0]!);
      ours = ids.reverse();
      await until(
        async () => (await rowsOf(spec, c.h, ofSession(sessionId))).map((r) => r.status).reverse(),
        (statuses) => JSON.stringify(statuses) === JSON.stringify(settled),
      );
    });
    /** The filter the paging tests use: the session where the list has one. */
    const scope = () => (bySession ? { sessionId } : {});
    /** IDs in the project (or the scope), newest first, from the emulator state. */
    const idsOf = async (filter: { sessionId?: string }) =>
      (await rowsOf(spec, c.h, (r) => (r.applicationId ?? r.projectId) === c.client.projectKey && r.status !== 'deleted' && (!filter.sessionId || r.sessionId === filter.sessionId)))
        .map((r) => r.id as string)
        .reverse();
    const expectOurs = (items: T[]) => {
      expect(items.map((item) => item.id)).toEqual(ours);
      expect(items.map((item) => item.status)).toEqual(settled);
      for (const item of items) expect(item).toMatchObject({ sessionId, ...ownerOf(c.client), ...spec.start.fields });
    };
    const expectListRequest = (request: RequestLogEntry, query: object) => {
      expect(wire(request)).toEqual({ method: 'GET', path: `${c.prefix}/${spec.resource}`, query, rawBody: '', status: 200 });
      expectAuthHeaders(request, c.mode, false);
    };

    if (bySession) {
      it('lists a session newest first (stopped ones too) with the total count', async () => {
        await c.h.mark();
        const page = await list.run(c.client, { sessionId });
        expectListRequest(await c.h.lastRequest(), { sessionId });
        expect(page.totalCount).toBe(7);
        expectOurs(page.items);
      });
    }

    it('lists the whole project newest first without a query', async () => {
      await c.h.mark();
      const page = await list.run(c.client);
      expectListRequest(await c.h.lastRequest(), {});
      const all = await idsOf({});
      expect(page.totalCount).toBe(all.length);
      expect(page.items.map((item) => item.id)).toEqual(all.slice(0, 50));
      expectOurs(page.items.slice(0, 7));
    });

    it('sends offset and count; totalCount stays the total', async () => {
      const all = await idsOf(scope());
      const pages: [{ offset?: number; count: number }, string[]][] = [
        ...[[2, 3], [0, 1], [4, 2], [1, 2]].map(([offset, count]): [{ offset: number; count: number }, string[]] => [{ offset: offset!, count: count! }, all.slice(offset, offset! + count!)]),
        [{ count: 1000 }, all],
        [{ offset: all.length, count: 1000 }, []],
      ];
      for (const [paging, expected] of pages) {
        await c.h.mark();
        const page = await list.run(c.client, { ...scope(), ...paging });
        expectListRequest(await c.h.lastRequest(), { ...scope(), ...Object.fromEntries(Object.entries(paging).map(([k, v]) => [k, String(v)])) });
        expect(page).toEqual({ items: expect.any(Array), totalCount: all.length });
        expect(page.items.map((item) => item.id)).toEqual(expected);
      }
    });

    it.each([2, 3])('iterates every page (pageSize %i)', async (pageSize) => {
      const all = await idsOf(scope());
      await c.h.mark();
      const seen: string[] = [];
      for await (const item of iterate(c.client, { ...scope(), pageSize })) seen.push(item.id);
      expect(seen).toEqual(all);
      const requests = await c.h.requests();
      const pages = Array.from({ length: Math.ceil(all.length / pageSize) }, (_, i) => ({ ...scope(), offset: String(i * pageSize), count: String(pageSize) }));
      expect(requests.map((r) => r.query)).toEqual(pages);
      for (const [i, request] of requests.entries()) expectListRequest(request, pages[i]!);
    });

    it.each([
      [{ offset: 1, pageSize: 2, limit: 3 }, [[1, 2], [3, 1]]],
      [{ offset: 3, limit: 2 }, [[3, 2]]],
      [{ offset: 0, pageSize: 2, limit: 3 }, [[0, 2], [2, 1]]],
    ])('iterates with %j', async (options, pages) => {
      const all = await idsOf(scope());
      await c.h.mark();
      const seen: string[] = [];
      for await (const item of iterate(c.client, { ...scope(), ...options })) seen.push(item.id);
      expect(seen).toEqual(all.slice(options.offset, options.offset + options.limit));
      expect((await c.h.requests()).map((r) => r.query)).toEqual(pages.map(([offset, count]) => ({ ...scope(), offset: String(offset), count: String(count) })));
    });

    it.each([...LIST_INVALID, ...(bySession ? [] : [SESSION_FILTER])])(`${list.run.name} rejects %s locally`, async (_name, options, field) => {
      await expectRejectedLocally(c.h, () => list.run(c.client, options as never), field);
    });

    it.each([...ITERATE_INVALID, ...(bySession ? [] : [SESSION_FILTER])])(`${iterate.name} rejects %s locally`, async (_name, options, field) => {
      await expectRejectedLocally(c.h, () => iterate(c.client, options as never).next(), field);
    });
  });
}

function describePathSegments<T extends ResourceItem, O extends object>(spec: ResourceSpec<T, O>, c: Context): void {
  describe('path segments', () => {
    for (const call of byIdCalls(spec)) {
      it.each(IDS_NEVER_SENT)(`${call.name} rejects an ID that is %s locally`, async (_name, id) => {
        await expectRejectedLocally(c.h, () => call.run(c.client, id as string), spec.idField);
      });
    }

    it('percent-encodes an ID with reserved characters', async () => {
      await c.h.mark();
      const error = await rejection(spec.get.run(c.client, 'a b%c'));
      expect(error).toBeInstanceOf(NotFoundError);
      expect((await c.h.lastRequest()).path).toBe(`${c.prefix}/${spec.resource}/a%20b%25c`);
    });

    it('unknown IDs are 404 in every operation', async () => {
      for (const id of unknownIds(spec.resource)) {
        for (const call of byIdCalls(spec)) {
          await c.h.mark();
          const error = await rejection(call.run(c.client, id));
          expect(error, call.name).toBeInstanceOf(NotFoundError);
          expect(error).toMatchObject({ status: 404, code: 'not_found', message: spec.notFound, method: call.method });
          expect((await c.h.lastRequest()).path).toBe(`${c.prefix}/${call.path(id)}`);
        }
      }
    });
  });
}

function describeInjectedStatuses<T extends ResourceItem, O extends object>(spec: ResourceSpec<T, O>, c: Context): void {
  describe('documented error statuses (injected)', () => {
    const cases = calls(spec).flatMap((call) => call.errors.map((status) => [call.name, status, call] as const));
    it.each(cases)('%s: HTTP %i', async (name, status, call) => {
      // The body's code is the status: internal codes (15002 …) carry reasons of their own, tested
      // by each resource's specific tests.
      const body = { code: status, message: `The API says ${status} to ${name}` };
      await c.h.emu.control.injectFault({ method: call.method, path: `**/${call.path(FAKE_ID)}`, action: { type: 'status', status, body } });
      await c.h.mark();
      const error = await rejection(call.run(c.client, FAKE_ID));
      const [ErrorClass, code] = MAPPED[status]!;
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toMatchObject({ status, code, message: body.message, body, method: call.method });
      expect(await c.h.requests()).toHaveLength(1);
    });

    it('accepts any 2xx', async () => {
      const expected = spec.toItem(spec.sample.raw);
      expect(expected).toMatchObject(spec.sample.expected);
      for (const call of calls(spec).filter((each) => each.answers !== 'page')) {
        const answers = call.answers === 'item' ? [200, 201, 202, 203].map((status): [number, unknown] => [status, spec.sample.raw]) : EMPTY_2XX;
        for (const [status, body] of answers) {
          await c.h.emu.control.injectFault({ method: call.method, path: `**/${call.path(FAKE_ID)}`, action: { type: 'status', status, body } });
          const answer = await call.run(c.client, FAKE_ID);
          expect(answer, `${call.name}: HTTP ${status}`).toStrictEqual(call.answers === 'item' ? expected : undefined);
        }
      }
    });
  });
}

function describeRetries<T extends ResourceItem, O extends object>(spec: ResourceSpec<T, O>, c: Context): void {
  const { start, stop, resource } = spec;
  const name = start.run.name;
  describe('retries', () => {
    const retrying = () => c.h.client(c.mode, { retry: { maxAttempts: 3, baseDelay: 1, maxDelay: 5 } });
    const fault = (action: FaultAction, afterHandling = false) => c.h.emu.control.injectFault({ method: 'POST', path: `**/${resource}`, afterHandling, action });

    it(`never repeats a ${name} whose connection dropped after the ${resource} was created`, async () => {
      const { sessionId } = await sessionWithClients(c.client, c.h.emu);
      await fault({ type: 'drop' }, true);
      await c.h.mark();
      const error = await rejection(startOne(spec, retrying(), sessionId));
      expect(error).toBeInstanceOf(NetworkError);
      expect(error.code).toBe('network_error');
      expect((await c.h.requests()).map((r) => [r.method, r.path])).toEqual([['POST', `${c.prefix}/${resource}`]]);
      const rows = await rowsOf(spec, c.h, ofSession(sessionId));
      expect(rows).toHaveLength(1);
      expect(spec.statuses.afterStart).toContain(rows[0]!.status);
    });

    it(`never repeats a ${name} that timed out`, async () => {
      const { sessionId } = await sessionWithClients(c.client, c.h.emu);
      await fault({ type: 'delay', ms: 2000 }, true);
      await c.h.mark();
      const error = await rejection(startOne(spec, retrying(), sessionId, { timeout: 150 }));
      expect(error).toBeInstanceOf(TimeoutError);
      expect(await c.h.requests()).toHaveLength(1);
      expect(await rowsOf(spec, c.h, ofSession(sessionId))).toHaveLength(1);
    });

    it(`does not repeat a ${name} after a 500`, async () => {
      const { sessionId } = await sessionWithClients(c.client, c.h.emu);
      await fault({ type: 'status', status: 500 });
      await c.h.mark();
      expect(await rejection(startOne(spec, retrying(), sessionId))).toBeInstanceOf(ServerError);
      expect(await c.h.requests()).toHaveLength(1);
      expect(await rowsOf(spec, c.h, ofSession(sessionId))).toEqual([]);
    });

    it(`retries a ${name} after a 503 (the request was not processed)`, async () => {
      const { sessionId } = await sessionWithClients(c.client, c.h.emu);
      const options = { ...(start.live ? await start.live(c.client, sessionId) : start.options), ...tagged(spec, 'retried') };
      await fault({ type: 'status', status: 503 });
      await c.h.mark();
      const item = await start.run(retrying(), sessionId, options);
      const body = { sessionId, ...options };
      expect((await c.h.requests()).map((r) => [r.status, r.body])).toEqual([
        [503, body],
        [start.status, body],
      ]);
      expect((await rowsOf(spec, c.h, ofSession(sessionId))).map((r) => r.id)).toEqual([item.id]);
    });

    it(`retries a ${stop.run.name} after a 500 (repeating a stop creates nothing)`, async () => {
      const { sessionId } = await sessionWithClients(c.client, c.h.emu);
      const item = await startOne(spec, c.client, sessionId);
      await c.h.emu.control.injectFault({ method: stop.method, path: `**/${stopPath(spec, item.id)}`, action: { type: 'status', status: 500 } });
      await c.h.mark();
      const answer = await stop.run(retrying(), item.id);
      expect(answer).toEqual(stop.method === 'POST' ? expect.objectContaining({ id: item.id, status: 'stopped' }) : undefined);
      expect((await c.h.requests()).map((r) => r.status)).toEqual([500, stop.status]);
    });
  });
}
