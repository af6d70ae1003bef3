// REST call rate and latency against the canned server (a separate process), at concurrency 1
// and 32. Cells run in interleaved rounds and each keeps its best round, so a burst of load from
// elsewhere on the machine hurts every contender alike instead of one of them.
import {
  FETCH_WITH_DEADLINE,
  FLOOR_FETCH,
  FLOOR_UNDICI,
  floorOf,
  OPENTOK,
  OURS_FETCH,
  OURS_UNDICI,
  REST_CONTENDERS,
  VONAGE,
  makeClient,
  type RestClient,
} from './clients.mjs';
import { int, ms, percentile, ratio, table } from './report.js';

export interface RestResult {
  contender: string;
  operation: 'getArchive' | 'createSession';
  concurrency: number;
  rate: number;
  p50: number;
  p99: number;
}

interface Settings {
  rounds: number;
  /** Per cell and round: warm-up and measured time (ms), or a request count in quick mode. */
  warmupMs: number;
  measureMs: number;
  maxRequests: number;
}

// Six short rounds rather than three long ones (same time): on a shared VM a slow spell can last
// seconds, and more, shorter rounds give every contender more chances to measure outside one.
export const REST_FULL: Settings = { rounds: 6, warmupMs: 300, measureMs: 600, maxRequests: Infinity };
export const REST_QUICK: Settings = { rounds: 1, warmupMs: 0, measureMs: 2000, maxRequests: 200 };

export async function drive(call: () => Promise<unknown>, concurrency: number, timeMs: number, maxRequests: number) {
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = start + timeMs;
  let started = 0;
  const worker = async () => {
    while (started < maxRequests && performance.now() < deadline) {
      started++;
      const t = performance.now();
      await call();
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - start;
  return { rate: (latencies.length / elapsed) * 1000, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export async function runRest(url: string, settings: Settings): Promise<RestResult[]> {
  const clients = new Map<string, RestClient>();
  for (const name of REST_CONTENDERS) clients.set(name, await makeClient(name, url));
  const best = new Map<string, RestResult>();
  for (let round = 0; round < settings.rounds; round++) {
    for (const operation of ['getArchive', 'createSession'] as const) {
      for (const concurrency of [1, 32]) {
        for (const [contender, client] of clients) {
          const call = () => client[operation]();
          if (round === 0 && settings.warmupMs > 0) await drive(call, concurrency, settings.warmupMs, Infinity);
          const r = await drive(call, concurrency, settings.measureMs, settings.maxRequests);
          const key = `${contender}/${operation}/${concurrency}`;
          if (!best.has(key) || best.get(key)!.rate < r.rate) best.set(key, { contender, operation, concurrency, ...r });
        }
      }
    }
  }
  for (const client of clients.values()) await client.close();
  return [...best.values()];
}

export function restTable(results: RestResult[]): string {
  const rows = [];
  for (const operation of ['getArchive', 'createSession'] as const) {
    for (const concurrency of [1, 32]) {
      const cell = (name: string) => results.find((r) => r.contender === name && r.operation === operation && r.concurrency === concurrency);
      for (const name of REST_CONTENDERS) {
        const r = cell(name);
        if (!r) continue;
        const floor = cell(floorOf(name));
        rows.push([
          operation,
          concurrency,
          name,
          int(r.rate),
          ms(r.p50),
          ms(r.p99),
          ratio(r.rate, cell(VONAGE)?.rate),
          ratio(r.rate, cell(OPENTOK)?.rate),
          `${ratio(r.rate, floor?.rate)} (${floor?.contender.replace('floor: raw ', '')})`,
        ]);
      }
    }
  }
  return table(
    ['operation', 'conc.', 'client', 'req/s', 'p50 ms', 'p99 ms', '÷ @vonage/video', '÷ opentok', '÷ floor'],
    rows,
  );
}

export { OURS_FETCH, OURS_UNDICI, OPENTOK, VONAGE, FLOOR_FETCH, FLOOR_UNDICI, FETCH_WITH_DEADLINE };
