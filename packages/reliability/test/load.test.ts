// Load: one client, 2 000 calls at concurrency 200 (a mix of eight operations), once per
// transport, each run in a child process started with --expose-gc so that heapUsed can be read
// after a full collection. A counting TCP proxy sits between the client and the emulator: the
// undici transport must never hold more connections than its cap. Every call must succeed with
// the result of its own request; signals must arrive exactly once each; no secret may show up;
// heapUsed must come back near its baseline; and the child must exit by itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@video/emulator';
import { Video } from '@video/server-sdk';
import { bundleFixtures, lastJson, runChild, type Bundles } from './support/child.js';
import { suiteResults } from './support/results.js';
import { liveSession, startedArchive } from './support/scene.js';
import { startCountingProxy, type CountingProxy } from './support/tcp-proxy.js';
import type { LoadConfig, LoadReport } from './fixtures/load-child.js';

const CALLS = 2000;
const CONCURRENCY = 200;
const UNDICI_CAP = 16;
/** Generous: a per-call leak of a few KB over 2 000 calls would exceed it. */
const HEAP_GROWTH_LIMIT_MB = 12;

const results = suiteResults('load');
let emu: Emulator;
let proxy: CountingProxy;
let bundles: Bundles;
const scenes: Partial<Record<'vonage' | 'opentok', LoadConfig['scene']>> = {};

/** Sessions, streams, archives and a dial target in one project (each credential kind has its own). */
async function buildScene(mode: 'vonage' | 'opentok'): Promise<LoadConfig['scene']> {
  const setup = new Video({ ...emu.credentials[mode], baseUrl: emu.url }, { retry: false });
  const live = await liveSession(setup, emu, 4);
  const archiveIds: string[] = [];
  for (let i = 0; i < 5; i++) archiveIds.push(await startedArchive(setup, live.sessionId, `load-${i}`));
  const dial = await liveSession(setup, emu, 1);
  return {
    sessionId: live.sessionId,
    streamIds: live.streamIds,
    archiveIds,
    connectionCount: live.connectionIds.length,
    dialSessionId: dial.sessionId,
    dialToken: await setup.generateToken(dial.sessionId, { role: 'publisher', data: 'phone' }),
  };
}

beforeAll(async () => {
  bundles = await bundleFixtures(['load-child']);
  emu = await startEmulator({ requestLogLimit: 20_000 });
  proxy = await startCountingProxy(emu.url);
  scenes.vonage = await buildScene('vonage');
  scenes.opentok = await buildScene('opentok');
});

afterAll(async () => {
  await proxy?.close();
  await emu?.stop();
  bundles?.remove();
  results.write();
});

describe.each([
  ['fetch', 'vonage'],
  ['undici', 'opentok'],
] as const)('%s transport (%s credentials)', (transport, mode) => {
  it(`${CALLS} mixed calls at concurrency ${CONCURRENCY}: all succeed, one to one, within the connection cap, no leak`, async () => {
    proxy.reset();
    const tag = `load-${transport}`;
    const config: LoadConfig = {
      url: proxy.url,
      credentials: emu.credentials[mode] as unknown as Record<string, string>,
      secrets: { privateKey: emu.credentials.vonage.privateKey, apiSecret: emu.credentials.opentok.apiSecret },
      transport,
      connections: UNDICI_CAP,
      calls: CALLS,
      warmup: 400,
      concurrency: CONCURRENCY,
      tag,
      scene: scenes[mode]!,
    };
    const seqBefore = (await emu.control.requests()).at(-1)?.seq ?? 0;
    const run = await runChild(bundles.file('load-child'), {
      env: { VIDEO_LOAD_CONFIG: JSON.stringify(config) },
      nodeArgs: ['--expose-gc'],
      limitMs: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.killed, 'the child had to be killed: it did not finish or did not exit by itself').toBe(false);
    expect(run.code).toBe(0);
    // After it printed its report it closed its transport: nothing may keep it alive.
    expect(run.afterDoneMs).toBeLessThan(5000);
    const report = lastJson<LoadReport>(run.stdout);

    results.results.callsMade += CALLS + config.warmup;
    for (const [kind, n] of Object.entries(report.failures)) results.failure(kind, n);
    results.results.leaksFound += report.leaks.length + report.unhandled.length;
    const growth = Math.round((report.heapAfterMb - report.heapBaselineMb) * 10) / 10;
    results.results.notes.push(
      `load ${transport}: ${report.callsPerSecond} calls/s (${CALLS} calls, concurrency ${CONCURRENCY}, ${report.elapsedMs} ms); ` +
        `TCP connections opened ${proxy.total}, at most ${proxy.maxOpen} open at once` +
        (transport === 'undici' ? ` (cap ${UNDICI_CAP})` : ' (fetch: no cap)') +
        `; heapUsed ${report.heapBaselineMb} MB → peak ${report.heapPeakMb} MB → ${report.heapAfterMb} MB after gc (${growth >= 0 ? '+' : ''}${growth} MB)`,
    );
    console.log(results.results.notes.at(-1));

    expect(report.failures).toEqual({});
    expect(report.mismatches).toEqual([]);
    expect(report.ok).toBe(CALLS);
    expect(report.unhandled).toEqual([]);
    expect(report.leaks).toEqual([]);
    expect(report.scanned).toBeGreaterThan(CALLS * 2);
    expect(report.createdSessions).toBe(CALLS / 8);

    // One request per call (retries are off), every one of them through the proxy.
    const log = (await emu.control.requests()).filter((r) => r.seq > seqBefore);
    results.results.requestsSeen += log.length;
    expect(log.length).toBe(CALLS + config.warmup);
    expect(log.filter((r) => r.status !== 200 && r.status !== 204)).toEqual([]);

    // Each signal arrived exactly once.
    const sent = new Set(report.signals);
    expect(sent.size).toBe((CALLS + config.warmup) / 8);
    const arrived = (await emu.control.signals()).filter((s) => s.data?.startsWith(tag));
    const counts = new Map<string, number>();
    for (const s of arrived) counts.set(s.data!, (counts.get(s.data!) ?? 0) + 1);
    const duplicates = [...counts.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
    results.results.duplicatesCreated += duplicates;
    expect(duplicates).toBe(0);
    expect(new Set(counts.keys())).toEqual(sent);

    if (transport === 'undici') {
      expect(proxy.maxOpen).toBeLessThanOrEqual(UNDICI_CAP);
      expect(proxy.total).toBeLessThanOrEqual(UNDICI_CAP);
    }
    expect(growth).toBeLessThan(HEAP_GROWTH_LIMIT_MB);
    // The child has its own 60 s limit; this only leaves room for a busy CI machine.
  }, 120_000);
});
