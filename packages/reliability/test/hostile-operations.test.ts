// Hostile arguments for every operation of the Video class (fast-check). Each call must either
// throw a VideoValidationError before any request, or send exactly one request whose method and
// path match that operation's route, with every path parameter decoding to exactly the caller's
// value: never another route, never a crash (a non-VideoError).
//
// 1 000 runs per operation through a fake transport (a unit test of pipeline + operations: it
// records the request and answers a canned 200), then 100 per operation against the emulator over
// real sockets (retries off, short timeout), where the path is read from the emulator's log.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@video/emulator';
import { isVideoError, Video, VideoValidationError } from '@video/server-sdk';
import type { Transport, TransportRequest } from '@video/core';
import { suiteResults, watchUnhandled } from './support/results.js';
import { liveSession, startedArchive } from './support/scene.js';
import { compileRoute, idArbitrary, OPERATIONS, routeProblems, type Args, type OperationSpec } from './support/operations.js';

const FAKE_RUNS = 1000;
const EMULATOR_RUNS = 100;

const results = suiteResults('hostile-operations');
const unhandled = watchUnhandled();

/** Records each request and answers 200 with a body that fits lists and single resources alike. */
class RecordingTransport implements Transport {
  requests: TransportRequest[] = [];
  async send(request: TransportRequest) {
    this.requests.push(request);
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"count":0,"items":[],"id":"x","captionsId":"c","status":"started","sessionId":"s","connectionId":"c","streamId":"s"}',
    };
  }
}

const describeValue = (value: unknown): string => {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
};

function hasEmptyKey(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object' || value === null || depth > 4) return false;
  return Object.keys(value).some((k) => k === '' || hasEmptyKey((value as Record<string, unknown>)[k], depth + 1));
}

interface Outcome {
  error: unknown;
  result: unknown;
}

async function callOp(op: OperationSpec, video: Video, a: Args): Promise<Outcome> {
  try {
    return { error: undefined, result: await op.call(video, a) };
  } catch (error) {
    return { error, result: undefined };
  }
}

/** Problems with an outcome, given how many requests the call sent (empty when it is allowed). */
function outcomeProblems(op: OperationSpec, a: Args, { error, result }: Outcome, requests: number): string[] {
  if (error !== undefined && !isVideoError(error)) {
    return [`crashed with ${describeValue(error)} (${(error as Error)?.stack?.split('\n')[1]?.trim()})`];
  }
  if (error instanceof VideoValidationError) {
    // `field` names the offending input; '' only when that input is an empty-string option key.
    if (typeof error.field !== 'string' || (error.field === '' && !hasEmptyKey(a))) return [`a VideoValidationError with field ${describeValue(error.field)}`];
    return requests ? [`VideoValidationError (${error.field}) after ${requests} request(s)`] : [];
  }
  if (op.local) {
    if (requests) return [`a local operation sent ${requests} request(s)`];
    return typeof result === 'string' ? [] : [`resolved with ${describeValue(result)}`];
  }
  if (requests === 0) {
    // An iterator asked for no items at all (limit: 0) may end without asking the API.
    if (op.iterates && error === undefined && Array.isArray(result) && result.length === 0) return [];
    return [`no request and no VideoValidationError (${error === undefined ? 'resolved' : describeValue(error)})`];
  }
  if (requests > 1) return [`${requests} requests`];
  return [];
}

function shortArgs(a: Args): string {
  try {
    const text = JSON.stringify(a, (_k, v: unknown) => (typeof v === 'string' && v.length > 60 ? `${v.slice(0, 60)}…(${v.length})` : v));
    return text.length > 400 ? `${text.slice(0, 400)}…` : text;
  } catch {
    return String(a);
  }
}

const fakeSent = new Map<string, number>();
const emulatorSent = new Map<string, number>();

afterAll(() => {
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  results.results.notes.push(
    `hostile operations: ${OPERATIONS.length} operations; requests sent by generated calls: ${total(fakeSent)} of ${fakeSent.size * FAKE_RUNS} (fake transport), ` +
      `${total(emulatorSent)} of ${emulatorSent.size * EMULATOR_RUNS} (emulator); the rest were VideoValidationErrors before any request`,
  );
  unhandled.stop();
  results.write();
});

it('the table covers every operation of the Video class', () => {
  const methods = Object.getOwnPropertyNames(Video.prototype).filter(
    (name) => name !== 'constructor' && name !== 'archive' && name !== 'broadcast',
  );
  expect(OPERATIONS.map((o) => o.name).sort()).toEqual(methods.sort());
});

describe(`fake transport: ${FAKE_RUNS} runs per operation`, () => {
  const transport = new RecordingTransport();
  // A fixed application: the fake transport never checks the key, and no emulator is involved.
  let video: Video;
  const baseUrl = 'https://video.api.example.com';
  beforeAll(async () => {
    const { generateKeyPairSync, randomUUID } = await import('node:crypto');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    video = new Video(
      { applicationId: randomUUID(), privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, baseUrl },
      { transport, retry: false, timeout: 5000 },
    );
  });

  it.each(OPERATIONS.map((op) => [op.name, op] as const))('%s', async (_name, op) => {
    const routes = op.routes.map((r) => compileRoute(r, video.client.projectKey));
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(op.args(idArbitrary()), async (a) => {
        transport.requests = [];
        const problems = outcomeProblems(op, a, await callOp(op, video, a), transport.requests.length);
        if (transport.requests.length) sent++;
        for (const r of transport.requests) {
          // The path as sent, and as a WHATWG URL parser (fetch, undici) puts it on the wire.
          const raw = r.url.startsWith(`${baseUrl}/`) ? r.url.slice(baseUrl.length).split(/[?#]/)[0]! : `<other origin> ${r.url}`;
          const wire = new URL(r.url);
          problems.push(...routeProblems(op, routes, a, r.method, raw));
          if (wire.origin !== baseUrl) problems.push(`sent to another origin: ${wire.origin}`);
          else problems.push(...routeProblems(op, routes, a, r.method, wire.pathname).map((p) => `on the wire: ${p}`));
        }
        if (problems.length) throw new Error(`${op.name}(${shortArgs(a)}): ${[...new Set(problems)].join('; ')}`);
      }),
      { numRuns: FAKE_RUNS },
    );
    fakeSent.set(op.name, sent);
    // The generators must reach the request path often enough, or the route check proves little.
    // Application credentials: a project-only operation must refuse every call before any request.
    if (op.projectOnly) expect(sent, `${op.name}: runs that sent a request with application credentials`).toBe(0);
    else if (!op.local) expect(sent, `${op.name}: runs that sent a request`).toBeGreaterThanOrEqual(FAKE_RUNS / 50);
    results.results.hostileInputsTried += FAKE_RUNS;
    results.results.callsMade += FAKE_RUNS;
  });
});

describe(`emulator: ${EMULATOR_RUNS} runs per operation, over real sockets`, () => {
  let emu: Emulator;
  let video: Video;
  const real: string[] = [];
  beforeAll(async () => {
    emu = await startEmulator({ archiveProcessingMs: 10, broadcastStartMs: 10, renderStartMs: 10 });
    const credentials = { ...emu.credentials.opentok, baseUrl: emu.url };
    const setup = new Video(credentials, { retry: false });
    const scene = await liveSession(setup, emu, 2);
    real.push(scene.sessionId, ...scene.connectionIds, ...scene.streamIds, await startedArchive(setup, scene.sessionId, 'real'));
    video = new Video(credentials, { retry: false, timeout: 5000 });
  });
  afterAll(() => emu?.stop());

  it.each(OPERATIONS.map((op) => [op.name, op] as const))('%s', async (_name, op) => {
    const routes = op.routes.map((r) => compileRoute(r, video.client.projectKey));
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(op.args(idArbitrary(real)), async (a) => {
        // Per-call timeout/retry/signal were fuzzed above; here the client's settings hold.
        if (typeof a.options === 'object' && a.options !== null && !Array.isArray(a.options)) {
          const options = { ...(a.options as Record<string, unknown>) };
          delete options['timeout'];
          delete options['retry'];
          delete options['signal'];
          a = { ...a, options };
        }
        await emu.control.clearRequests();
        const outcome = await callOp(op, video, a);
        const log = await emu.control.requests();
        if (log.length) sent++;
        const problems = outcomeProblems(op, a, outcome, log.length);
        // The emulator answered in time and never dropped or failed internally.
        if (isVideoError(outcome.error, 'timeout') || isVideoError(outcome.error, 'network_error')) {
          problems.push(`the emulator did not answer: ${describeValue(outcome.error)}`);
        }
        for (const entry of log) {
          problems.push(...routeProblems(op, routes, a, entry.method, entry.path));
          if (entry.status === null || entry.status >= 500) problems.push(`the emulator answered ${entry.status}`);
        }
        results.results.requestsSeen += log.length;
        if (problems.length) throw new Error(`${op.name}(${shortArgs(a)}): ${[...new Set(problems)].join('; ')}`);
      }),
      { numRuns: EMULATOR_RUNS },
    );
    emulatorSent.set(op.name, sent);
    results.results.hostileInputsTried += EMULATOR_RUNS;
    results.results.callsMade += EMULATOR_RUNS;
  });
});

it('no unhandled rejection', async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  results.results.leaksFound += unhandled.seen.length;
  expect(unhandled.seen.map(String)).toEqual([]);
});
