// The process exits by itself after the worst fault endings, with both transports: run in a
// child process (see fixtures/fault-exit.ts) and required to exit with code 0 right after it
// printed its report. Also: no sockets or timers are left in this test process once the faults
// suite's kind of work is over (checked with process.getActiveResourcesInfo()).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator } from '@video/emulator';
import { fetchTransport, Video } from '@video/server-sdk';
import { undiciTransport } from '@video/core/undici';
import { bundleFixtures, lastJson, runChild, type Bundles } from './support/child.js';
import { suiteResults } from './support/results.js';
import type { ExitReport } from './fixtures/fault-exit.js';

const results = suiteResults('process-exit');
let bundles: Bundles;

beforeAll(async () => {
  bundles = await bundleFixtures(['fault-exit']);
});
afterAll(() => {
  bundles?.remove();
  results.write();
});

const handles = () => process.getActiveResourcesInfo().filter((r) => /TCP/.test(r));

it('a child process that met every fault exits by itself, at once, with code 0', async () => {
  const run = await runChild(bundles.file('fault-exit'), { limitMs: 60_000 });
  expect(run.stderr).toBe('');
  expect(run.killed, `killed after ${run.elapsedMs} ms: something kept the process alive\n${run.stdout}`).toBe(false);
  expect(run.code).toBe(0);
  const report = lastJson<ExitReport>(run.stdout);
  // The default timeout is 20 s and the server held requests for 60 s: a leaked timer or socket
  // would keep the process alive for that long.
  expect(run.afterDoneMs).toBeLessThan(5000);
  expect(report.unhandled).toEqual([]);
  expect(report.resources.filter((r) => /TCP|Timeout|Immediate/.test(r))).toEqual([]);

  const by = (scenario: string) => report.outcomes.filter((o) => o.scenario === scenario);
  const expectOutcome = (scenario: string, outcome: RegExp, maxMs: number) => {
    const found = by(scenario);
    expect(found.length, scenario).toBeGreaterThan(0);
    for (const o of found) {
      expect(o.outcome, `${o.transport}: ${scenario}`).toMatch(outcome);
      expect(o.ms, `${o.transport}: ${scenario} took ${o.ms} ms`).toBeLessThan(maxMs);
    }
  };
  expectOutcome('held by the server, 3 attempts time out', /^TimeoutError:timeout$/, 10_000);
  // A caller's signal rejects the call with the signal's own reason, at once (not after 20 s).
  expectOutcome('aborted mid-request', /^TimeoutError:The operation was aborted due to timeout$/, 5_000);
  expectOutcome('aborted during a Retry-After wait', /^TimeoutError:The operation was aborted due to timeout$/, 5_000);
  expectOutcome('dropped before the response (3 attempts)', /^NetworkError:network_error$/, 10_000);
  expectOutcome('dropped mid-body (3 attempts)', /^NetworkError:network_error$/, 10_000);
  expectOutcome('startArchive dropped after handling (1 attempt)', /^NetworkError:network_error$/, 10_000);
  expectOutcome('signal 500 after handling (1 attempt)', /^ServerError:server_error$/, 10_000);
  expectOutcome('server stopped mid-call', /^NetworkError:network_error$/, 15_000);

  results.results.faultsTried += report.outcomes.length;
  results.results.callsMade += report.outcomes.length;
  for (const o of report.outcomes) results.failure(o.outcome.split(':')[0] === 'TimeoutError' && !o.outcome.endsWith(':timeout') ? 'aborted' : o.outcome.split(':')[1]!);
  results.results.notes.push(
    `process exit: the child exited ${run.afterDoneMs} ms after its report (code ${run.code}); resources left: ${report.resources.join(', ') || 'none'}`,
  );
}, 120_000);

it('in this process too, no socket is left once clients and the emulator are closed', async () => {
  const before = handles().length;
  const emu = await startEmulator();
  const undici = undiciTransport({ connections: 4 });
  for (const transport of [fetchTransport(), undici]) {
    const video = new Video({ ...emu.credentials.opentok, baseUrl: emu.url }, { transport, retry: { baseDelay: 5 } });
    // A dropped GET is retried; a 503 POST is retried after Retry-After.
    await emu.control.injectFault({ method: 'GET', path: '**/archive', action: { type: 'drop' } });
    await video.listArchives();
    await emu.control.injectFault({ path: '/session/create', times: 2, action: { type: 'status', status: 503, headers: { 'Retry-After': '0' } } });
    await video.createSession();
    results.results.callsMade += 2;
    results.results.faultsTried += 2;
  }
  expect(handles().length).toBeGreaterThan(before);
  await undici.close();
  await emu.stop();
  const deadline = Date.now() + 5000;
  while (handles().length > before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const left = handles().length - before;
  results.results.leaksFound += Math.max(0, left);
  expect(handles()).toHaveLength(before);
});
