// Injected faults, over real sockets, for one operation of each kind: GET (getArchive), PUT
// (setArchiveLayout), DELETE (deleteArchive), a resource-creating POST (startArchive), a POST that
// creates nothing and is marked safe to repeat (stopArchive), and one that creates nothing but is
// deliberately NOT repeated after an ambiguous failure (signal: clients would receive it twice).
//
// dial (a creating POST that carries a client token in its body) is added: the emulator accepts
// any number of calls to one session, so a repeated dial would show as a duplicate, and the token
// gives the secret scan something to find.
//
// Every fault runs twice: once (`times: 1`, the next attempt is answered normally) and for good
// (`times: 0`). Each scenario checks the outcome (result or typed error), the attempts the
// emulator saw, the time taken, the side effects (archives, SIP calls, signals), the retry
// delays and that no secret appeared in any error, log line or hook payload. Ambiguous faults use
// `afterHandling: true`: the emulator carries out the request, then breaks the answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type FaultAction, type RequestLogEntry } from '@video/emulator';
import {
  ClockSkewError,
  ConflictError,
  fetchTransport,
  InvalidResponseError,
  isVideoError,
  NetworkError,
  RateLimitError,
  ServerError,
  TimeoutError,
  Video,
  VideoError,
  type CallOptions,
  type Transport,
} from '@video/server-sdk';
import { restAuthHeader } from '@video/auth';
import { undiciTransport } from '@video/core/undici';
import { suiteResults, watchUnhandled } from './support/results.js';
import { availableArchive, liveSession, startedArchive } from './support/scene.js';
import { SecretScanner } from './support/secrets.js';

/** The per-call timeout of the "headers slower than the timeout" fault (the server waits 5 s). */
const TIMEOUT_MS = 1000;
/** Every other call: generous, so that a slow CI machine is not mistaken for a fault. */
const CLIENT_TIMEOUT_MS = 10_000;
const RETRY = { baseDelay: 10, maxDelay: 40 };
/** Generous "does not hang" bound for one call (the slowest expected is ~3 s). */
const CALL_BOUND_MS = 15_000;

type ErrorClass = abstract new (...args: never[]) => VideoError;

/** How a fault relates to the retry policy of README "Retries and timeouts". */
type Kind =
  | 'not-processed' // 429 / 503: retried for every call
  | 'over-budget' // 429 / 503 whose Retry-After exceeds the budget: fails at once
  | 'ambiguous' // 5xx, dropped, timed out: retried only when safe to repeat
  | 'bad-body' // a 2xx whose body is not the JSON the API documents: never retried
  | 'auth'; // 401 / 403: never retried

interface FaultCase {
  name: string;
  action: () => FaultAction;
  kind: Kind;
  error: ErrorClass;
  code: string;
  /** Extra checks on the error; returns a problem or undefined. */
  check?: (error: VideoError) => string | undefined;
  /** Bounds of each onRetry delay, when a Retry-After dictates it. */
  retryDelay?: [number, number];
  /** Per-call options of the calls under this fault. */
  call?: CallOptions;
}

const httpDate = (msFromNow: number) => new Date(Date.now() + msFromNow).toUTCString();
const field = (name: string, expected: (v: unknown) => boolean) => (e: VideoError) => {
  const value = (e as unknown as Record<string, unknown>)[name];
  return expected(value) ? undefined : `${name} is ${JSON.stringify(value)}`;
};

const FAULTS: FaultCase[] = [
  { name: '500', action: () => ({ type: 'status', status: 500 }), kind: 'ambiguous', error: ServerError, code: 'server_error', check: field('status', (v) => v === 500) },
  { name: '502', action: () => ({ type: 'status', status: 502 }), kind: 'ambiguous', error: ServerError, code: 'server_error', check: field('status', (v) => v === 502) },
  { name: '503', action: () => ({ type: 'status', status: 503 }), kind: 'not-processed', error: ServerError, code: 'server_error' },
  {
    name: '503 Retry-After: 1',
    action: () => ({ type: 'status', status: 503, headers: { 'Retry-After': '1' } }),
    kind: 'not-processed',
    error: ServerError,
    code: 'server_error',
    retryDelay: [1000, 1000],
  },
  {
    name: '503 Retry-After beyond the budget',
    action: () => ({ type: 'status', status: 503, headers: { 'Retry-After': '3600' } }),
    kind: 'over-budget',
    error: ServerError,
    code: 'server_error',
    check: field('retryAfter', (v) => v === 3600),
  },
  {
    name: '429 Retry-After: 1 (seconds)',
    action: () => ({ type: 'status', status: 429, headers: { 'Retry-After': '1' } }),
    kind: 'not-processed',
    error: RateLimitError,
    code: 'rate_limited',
    check: field('retryAfter', (v) => v === 1),
    retryDelay: [1000, 1000],
  },
  {
    name: '429 Retry-After: HTTP date',
    action: () => ({ type: 'status', status: 429, headers: { 'Retry-After': httpDate(2000) } }),
    kind: 'not-processed',
    error: RateLimitError,
    code: 'rate_limited',
    check: field('retryAfter', (v) => typeof v === 'number' && v >= 0 && v <= 3),
    retryDelay: [0, 3000],
  },
  {
    name: '429 Retry-After beyond the budget',
    action: () => ({ type: 'status', status: 429, headers: { 'Retry-After': httpDate(3_600_000) } }),
    kind: 'over-budget',
    error: RateLimitError,
    code: 'rate_limited',
    check: field('retryAfter', (v) => typeof v === 'number' && v >= 3590 && v <= 3600),
  },
  { name: 'connection dropped before the response', action: () => ({ type: 'drop' }), kind: 'ambiguous', error: NetworkError, code: 'network_error' },
  { name: 'connection dropped mid-body', action: () => ({ type: 'drop-mid-body' }), kind: 'ambiguous', error: NetworkError, code: 'network_error' },
  {
    name: 'headers slower than the timeout',
    action: () => ({ type: 'delay', ms: 5000 }),
    kind: 'ambiguous',
    error: TimeoutError,
    code: 'timeout',
    check: field('timeout', (v) => v === TIMEOUT_MS),
    call: { timeout: TIMEOUT_MS },
  },
  { name: 'malformed JSON', action: () => ({ type: 'malformed-json' }), kind: 'bad-body', error: InvalidResponseError, code: 'invalid_response' },
  { name: 'empty body', action: () => ({ type: 'empty' }), kind: 'bad-body', error: InvalidResponseError, code: 'invalid_response' },
  {
    name: 'HTML error page from a proxy',
    action: () => ({ type: 'html', status: 502 }),
    kind: 'ambiguous',
    error: ServerError,
    code: 'server_error',
    check: field('message', (v) => v === '502 Bad Gateway'),
  },
  {
    name: '401 with the server clock 1 h ahead',
    action: () => ({ type: 'date-skew', status: 401, offsetSeconds: 3600 }),
    kind: 'auth',
    error: ClockSkewError,
    code: 'clock_skew',
    check: field('offsetSeconds', (v) => typeof v === 'number' && Math.abs(v - 3600) <= 5),
  },
  {
    name: '403 with the server clock 2 h behind',
    action: () => ({ type: 'date-skew', status: 403, offsetSeconds: -7200 }),
    kind: 'auth',
    error: ClockSkewError,
    code: 'clock_skew',
    check: field('offsetSeconds', (v) => typeof v === 'number' && Math.abs(v + 7200) <= 5),
  },
];

/** A fault scenario's target, prepared on the emulator before any fault is injected. */
/** The result check of operations that resolve with nothing. */
const resolvesToNothing = (r: unknown) => (r === undefined ? undefined : `resolved with ${JSON.stringify(r)}`);

interface Target {
  method: string;
  /** The exact path the call uses on the wire. */
  path: string;
  run(video: Video, call: CallOptions): Promise<unknown>;
  /** A problem with a successful result, or undefined. */
  checkResult(result: unknown): string | undefined;
  /** How many times the side effect happened (archives created, signals delivered), if tracked. */
  effects?(): Promise<number>;
}

interface Op {
  name: string;
  /** Retried after an ambiguous failure (README: safe to repeat). */
  safe: boolean;
  /** The response must carry JSON; `expect: 'none'` operations ignore the body. */
  expectsJson: boolean;
  prepare(ctx: Setup, tag: string): Promise<Target>;
}

interface Setup {
  emu: Emulator;
  /** A plain client for building scenes; no faults are active while it is used. */
  video: Video;
  prefix: string;
  /** Client tokens minted for a scene: secrets to look for. */
  tokens: string[];
}

/** A live session, its client tokens remembered as secrets. */
async function scene(setup: Setup) {
  const live = await liveSession(setup.video, setup.emu);
  setup.tokens.push(...live.tokens);
  return live;
}

const archiveOf = (value: unknown) => value as { id: string; status: string; sessionId: string };

const OPS: Op[] = [
  {
    name: 'getArchive',
    safe: true,
    expectsJson: true,
    async prepare(ctx, tag) {
      const { emu, video, prefix } = ctx;
      const { sessionId } = await scene(ctx);
      const id = await startedArchive(video, sessionId, tag);
      return {
        method: 'GET',
        path: `${prefix}/archive/${id}`,
        run: (v, call) => v.getArchive(id, call),
        checkResult: (r) => (archiveOf(r).id === id ? undefined : `got archive ${archiveOf(r).id}`),
      };
    },
  },
  {
    name: 'setArchiveLayout',
    safe: true,
    expectsJson: false,
    async prepare(ctx, tag) {
      const { emu, video, prefix } = ctx;
      const { sessionId } = await scene(ctx);
      const id = await startedArchive(video, sessionId, tag);
      return {
        method: 'PUT',
        path: `${prefix}/archive/${id}/layout`,
        run: (v, call) => v.setArchiveLayout(id, { type: 'custom', stylesheet: `stream.${tag} { width: 100%; }` }, call),
        checkResult: resolvesToNothing,
      };
    },
  },
  {
    name: 'deleteArchive',
    safe: true,
    expectsJson: false,
    async prepare(ctx, tag) {
      const { emu, video, prefix } = ctx;
      const { sessionId } = await scene(ctx);
      const id = await availableArchive(video, sessionId, tag);
      return {
        method: 'DELETE',
        path: `${prefix}/archive/${id}`,
        run: (v, call) => v.deleteArchive(id, call),
        checkResult: resolvesToNothing,
      };
    },
  },
  {
    name: 'startArchive',
    safe: false,
    expectsJson: true,
    async prepare(ctx, tag) {
      const { emu, video, prefix } = ctx;
      const { sessionId } = await scene(ctx);
      return {
        method: 'POST',
        path: `${prefix}/archive`,
        run: (v, call) => v.startArchive(sessionId, { name: tag, ...call }),
        checkResult: (r) => (archiveOf(r).sessionId === sessionId && archiveOf(r).status === 'started' ? undefined : `got ${JSON.stringify(r)}`),
        effects: async () => (await emu.control.state()).archives.filter((a) => a['sessionId'] === sessionId).length,
      };
    },
  },
  {
    name: 'stopArchive',
    safe: true,
    expectsJson: true,
    async prepare(ctx, tag) {
      const { emu, video, prefix } = ctx;
      const { sessionId } = await scene(ctx);
      const id = await startedArchive(video, sessionId, tag);
      return {
        method: 'POST',
        path: `${prefix}/archive/${id}/stop`,
        run: (v, call) => v.stopArchive(id, call),
        checkResult: (r) => (archiveOf(r).id === id && archiveOf(r).status === 'stopped' ? undefined : `got ${JSON.stringify(r)}`),
      };
    },
  },
  {
    name: 'dial',
    safe: false,
    expectsJson: true,
    async prepare(ctx, tag) {
      const { emu, video, prefix } = ctx;
      const { sessionId } = await scene(ctx);
      const token = await video.generateToken(sessionId, { role: 'publisher', data: `phone ${tag}` });
      ctx.tokens.push(token);
      const calls = async () =>
        ((await emu.control.state()).sipCalls as { sessionId?: string; connectionId?: string }[]).filter((c) => c.sessionId === sessionId);
      return {
        method: 'POST',
        path: `${prefix}/dial`,
        run: (v, call) => v.dial(sessionId, { token, uri: `sip:${tag}@sip.example.com;transport=tls`, ...call }),
        checkResult: (r) => {
          const id = (r as { connectionId?: string }).connectionId;
          return typeof id === 'string' && id !== '' ? undefined : `got ${JSON.stringify(r)}`;
        },
        effects: async () => (await calls()).length,
      };
    },
  },
  {
    name: 'signal',
    safe: false,
    expectsJson: false,
    async prepare(ctx, tag) {
      const { emu, video, prefix } = ctx;
      const { sessionId } = await scene(ctx);
      const data = `signal ${tag}`;
      return {
        method: 'POST',
        path: `${prefix}/session/${encodeURIComponent(sessionId)}/signal`,
        run: (v, call) => v.signal(sessionId, { type: 'reliability', data, ...call }),
        checkResult: resolvesToNothing,
        effects: async () => (await emu.control.signals()).filter((s) => s.data === data).length,
      };
    },
  },
];

type Variant = 'once' | 'always';

interface Expected {
  attempts: number;
  /** undefined: the call succeeds. */
  error: ErrorClass | undefined;
  /** How many times the side effect must have happened, when the target tracks it. */
  effects: number;
}

/** The expected outcome, straight from README "Retries and timeouts". */
function expected(fault: FaultCase, op: Op, variant: Variant, afterHandling: boolean): Expected {
  let attempts: number;
  let error: ErrorClass | undefined;
  if (fault.kind === 'bad-body') {
    attempts = 1;
    error = op.expectsJson ? InvalidResponseError : undefined;
  } else if (fault.kind === 'not-processed' || (fault.kind === 'ambiguous' && op.safe)) {
    attempts = variant === 'once' ? 2 : 3;
    error = variant === 'once' ? undefined : fault.error;
    // stopArchive is safe to repeat, but the repeat of a stop that went through meets an archive
    // that is no longer recording: the API (and the emulator) answer 409.
    if (variant === 'once' && afterHandling && op.name === 'stopArchive') error = ConflictError;
  } else {
    attempts = 1;
    error = fault.error;
  }
  // The side effect happens once per attempt the server carried out; the emulator refuses a
  // second archive for the same session, so archives never exceed one.
  const carriedOut = afterHandling ? attempts : error === undefined ? 1 : 0;
  const effects = op.name === 'startArchive' ? Math.min(1, carriedOut) : carriedOut;
  return { attempts, error, effects };
}

interface Lane {
  name: string;
  emu: Emulator;
  setup: Setup;
  video: Video;
  transport: Transport & { close?(): Promise<void> };
  scanner: SecretScanner;
  retries: Map<string, number[]>;
}

const results = suiteResults('faults');
const unhandled = watchUnhandled();
const lanes: Lane[] = [];

async function openLane(name: string, kind: 'vonage' | 'opentok', transport: Transport): Promise<Lane> {
  const emu = await startEmulator({ archiveProcessingMs: 10 });
  const credentials = { ...emu.credentials[kind], baseUrl: emu.url };
  const scanner = new SecretScanner();
  scanner.addCredentials(emu.credentials.vonage);
  scanner.addCredentials(emu.credentials.opentok);
  const retries = new Map<string, number[]>();
  const hooks = scanner.hooks();
  const video = new Video(credentials, {
    transport: scanner.capture(transport),
    timeout: CLIENT_TIMEOUT_MS,
    retry: RETRY,
    logger: scanner.logger(),
    logLevel: 'debug',
    onRequest: hooks.onRequest,
    onResponse: hooks.onResponse,
    onRetry: (event) => {
      hooks.onRetry(event);
      const key = `${event.method} ${new URL(event.url).pathname}`;
      retries.set(key, [...(retries.get(key) ?? []), event.delayMs]);
    },
  });
  const setup: Setup = {
    emu,
    video: new Video(credentials, { retry: false }),
    prefix: `/v2/project/${encodeURIComponent(video.client.projectKey)}`,
    tokens: [],
  };
  // The REST JWT the client uses (the same cached token the pipeline sends).
  scanner.add('REST JWT', (await restAuthHeader(video.client.credentials)).value);
  return { name, emu, setup, video, transport, scanner, retries };
}

beforeAll(async () => {
  lanes.push(await openLane('fetch', 'vonage', fetchTransport()));
  lanes.push(await openLane('undici', 'opentok', undiciTransport({ connections: 8 })));
});

afterAll(async () => {
  unhandled.stop();
  for (const lane of lanes) {
    await lane.transport.close?.();
    await lane.emu.stop();
  }
  results.write();
});

interface Outcome {
  lane: string;
  op: string;
  problems: string[];
}

async function runScenario(lane: Lane, fault: FaultCase, op: Op, variant: Variant, target: Target, mark: number): Promise<Outcome> {
  const afterHandling = fault.kind === 'ambiguous' || fault.kind === 'bad-body';
  const want = expected(fault, op, variant, afterHandling);
  const problems: string[] = [];
  const started = Date.now();
  let result: unknown;
  let error: unknown;
  try {
    result = await target.run(lane.video, fault.call ?? {});
  } catch (e) {
    error = e;
  }
  const elapsed = Date.now() - started;
  results.results.callsMade++;

  if (elapsed > CALL_BOUND_MS) problems.push(`took ${elapsed} ms`);
  if (error !== undefined) {
    lane.scanner.error(`${op.name} error`, error);
    results.failure(isVideoError(error) ? error.code : `non-VideoError ${String(error)}`);
  }
  if (want.error === undefined) {
    if (error !== undefined) problems.push(`expected success, got ${describeError(error)}`);
    else {
      const bad = target.checkResult(result);
      if (bad) problems.push(`wrong result: ${bad}`);
    }
  } else if (!(error instanceof want.error)) {
    problems.push(`expected ${want.error.name}, got ${error === undefined ? 'success' : describeError(error)}`);
  } else if (want.error === fault.error) {
    if ((error as VideoError).code !== fault.code) problems.push(`code ${(error as VideoError).code}, expected ${fault.code}`);
    const bad = fault.check?.(error as VideoError);
    if (bad) problems.push(bad);
  }

  const log = (await lane.emu.control.requests()).filter(
    (r: RequestLogEntry) => r.seq > mark && r.method === target.method && r.path === target.path,
  );
  results.results.requestsSeen += log.length;
  if (log.length !== want.attempts) problems.push(`${log.length} attempts reached the emulator, expected ${want.attempts}`);

  const delays = lane.retries.get(`${target.method} ${target.path}`) ?? [];
  if (delays.length !== Math.max(0, want.attempts - 1)) problems.push(`${delays.length} onRetry events for ${want.attempts} attempts`);
  if (fault.retryDelay) {
    const [min, max] = fault.retryDelay;
    // The Retry-After of a fault that fired; with `once` only the first retry waited for it.
    const hinted = variant === 'once' ? delays.slice(0, 1) : delays;
    for (const d of hinted) if (d < min || d > max) problems.push(`retry delay ${d} ms, Retry-After says ${min}–${max}`);
  }

  if (target.effects) {
    const effects = await target.effects();
    if (effects > 1) results.results.duplicatesCreated += effects - 1;
    if (effects !== want.effects) problems.push(`side effect happened ${effects} times, expected ${want.effects}`);
  }
  return { lane: lane.name, op: op.name, problems };
}

function describeError(error: unknown): string {
  return isVideoError(error) ? `${error.name} (${error.code}, status ${error.status}): ${error.message}` : String(error);
}

describe.each(FAULTS)('fault: $name', (fault) => {
  it.each(['once', 'always'] as Variant[])('%s: right outcome, attempts, effects; bounded; no secrets', async (variant) => {
    const tag = `${fault.name.replace(/\W+/g, '-')}-${variant}`;
    const outcomes = await Promise.all(
      lanes.map(async (lane) => {
        // Scenes first, then faults: no scene request may meet a fault.
        const targets = await Promise.all(OPS.map((op, i) => op.prepare(lane.setup, `${tag}-${i}`)));
        lane.retries.clear();
        for (const target of targets) {
          await lane.emu.control.injectFault({
            method: target.method,
            path: target.path,
            times: variant === 'once' ? 1 : 0,
            afterHandling: fault.kind === 'ambiguous' || fault.kind === 'bad-body',
            action: fault.action(),
          });
        }
        const mark = (await lane.emu.control.requests()).at(-1)?.seq ?? 0;
        try {
          return await Promise.all(OPS.map((op, i) => runScenario(lane, fault, op, variant, targets[i]!, mark)));
        } finally {
          await lane.emu.control.clearFaults();
        }
      }),
    );
    results.results.faultsTried += OPS.length * lanes.length;
    const problems = outcomes.flat().flatMap((o) => o.problems.map((p) => `${o.lane} ${o.op}: ${p}`));
    expect(problems).toEqual([]);
  });
});

describe('after every fault', () => {
  it('no secret in any error, logger line or hook payload', () => {
    const leaks = lanes.flatMap((lane) => {
      for (const token of lane.setup.tokens) lane.scanner.add('client token', token);
      lane.scanner.finish();
      return lane.scanner.summary().map((line) => `${lane.name}: ${line}`);
    });
    results.results.leaksFound += lanes.reduce((n, lane) => n + lane.scanner.leaks.length, 0);
    results.results.notes.push(`faults: scanned ${lanes.reduce((n, l) => n + l.scanner.scanned, 0)} errors, log lines and hook payloads for secrets`);
    // The scanner must have seen real material, or the check proves nothing.
    expect(lanes.every((lane) => lane.scanner.scanned > 100)).toBe(true);
    expect(leaks).toEqual([]);
  });

  it('no unhandled rejection', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    results.results.leaksFound += unhandled.seen.length;
    expect(unhandled.seen.map(String)).toEqual([]);
  });
});
