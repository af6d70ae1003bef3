// The emulator's own speed, since users run it in their test suites:
// - throughput: getArchive and createSession req/s at concurrency 32 against the emulator (child
//   process) and against the canned node:http server that answers the same JSON (the floor: no
//   auth, no state, no validation, no log). The client is raw undici.request with a valid REST JWT
//   made once, so the servers, not a client, are measured.
// - growth: iterateArchives over 100, 1 000 and 10 000 archives (seeded through the REST API,
//   32 in flight), one child process per count: time per item and peak RSS must stay flat.
// - growth: client-token minting with 1, 16 and 256 in flight (time per token).
import { execFileSync, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createCredentials, generateToken } from '@video/auth';
import { EmulatorControl } from '@video/emulator';
import { importPKCS8, SignJWT } from 'jose';
import { Agent, request } from 'undici';
import { API_KEY, API_SECRET, ARCHIVE_ID, APPLICATION_ID, OPENTOK_SESSION, PRIVATE_KEY, VONAGE_SESSION } from './fixtures.mjs';
import { int, mb, ms, ratio, table } from './report.js';
import { drive } from './rest.js';
import * as tok from './tokens.js';

export const EMULATOR = '@video/emulator';
export const FLOOR = 'floor: canned node:http server';

export interface Settings {
  rounds: number;
  warmupMs: number;
  measureMs: number;
  maxRequests: number;
  counts: number[];
  iterateRounds: (count: number) => number;
  tokenRoundMs: number;
  tokenMax: number;
}
export const EMULATOR_FULL: Settings = {
  rounds: 3,
  warmupMs: 300,
  measureMs: 1200,
  maxRequests: Infinity,
  counts: [100, 1_000, 10_000],
  iterateRounds: (count) => (count <= 1_000 ? 5 : 2),
  tokenRoundMs: 300,
  tokenMax: Infinity,
};
export const EMULATOR_QUICK: Settings = {
  rounds: 1,
  warmupMs: 0,
  measureMs: 2000,
  maxRequests: 300,
  counts: [100, 1_000],
  iterateRounds: () => 1,
  tokenRoundMs: 1000,
  tokenMax: 512,
};

export interface ThroughputResult {
  server: string;
  operation: 'getArchive' | 'createSession';
  rate: number;
  p50: number;
  p99: number;
}
export interface IterateResult {
  count: number;
  msPerItem: number;
  peakRss: number;
  seedMs: number;
}
export interface TokenGrowthResult {
  name: string;
  inFlight: number;
  usPerToken: number;
}
export interface EmulatorResults {
  throughput: ThroughputResult[];
  iterate: IterateResult[];
  tokens: TokenGrowthResult[];
}

const CONCURRENCY = 32;

async function startEmulatorChild(): Promise<{ url: string; stop(): void }> {
  const child = fork(new URL('./emulator-server.mjs', import.meta.url), [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve(m.url));
    child.once('exit', (code) => reject(new Error(`the emulator child exited (${code})`)));
  });
  return { url, stop: () => child.kill() };
}

async function restJwt(): Promise<string> {
  const key = await importPKCS8(PRIVATE_KEY, 'RS256');
  return new SignJWT({ application_id: APPLICATION_ID })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('300s')
    .setJti(crypto.randomUUID())
    .sign(key);
}

/** A raw client of one server: fixed headers, body read and parsed, status checked. */
function rawClient(url: string, jwt: string, dispatcher: Agent) {
  const headers = { authorization: `Bearer ${jwt}`, accept: 'application/json' };
  const call = async (path: string, init: { method?: string; body?: string; type?: string } = {}) => {
    const res = await request(`${url}${path}`, {
      method: (init.method ?? 'GET') as 'GET',
      headers: init.type ? { ...headers, 'content-type': init.type } : headers,
      body: init.body,
      dispatcher,
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.statusCode} ${text.slice(0, 200)}`);
    return JSON.parse(text);
  };
  return {
    getArchive: (id: string) => call(`/v2/project/${APPLICATION_ID}/archive/${id}`),
    createSession: (form = 'archiveMode=manual&p2p.preference=disabled') =>
      call('/session/create', { method: 'POST', body: form, type: 'application/x-www-form-urlencoded' }),
    startArchive: (sessionId: string, tag: string) =>
      call(`/v2/project/${APPLICATION_ID}/archive`, { method: 'POST', body: JSON.stringify({ sessionId, multiArchiveTag: tag }), type: 'application/json' }),
  };
}

/** A routed session with one publishing client, so that archives can start. */
async function archivableSession(client: ReturnType<typeof rawClient>, control: EmulatorControl): Promise<string> {
  const [{ session_id: sessionId }] = await client.createSession();
  const token = await generateToken({ applicationId: APPLICATION_ID, privateKey: PRIVATE_KEY }, sessionId, { role: 'publisher' });
  const { connectionId } = await control.join(sessionId, token);
  await control.publish(sessionId, connectionId);
  return sessionId;
}

async function seed(client: ReturnType<typeof rawClient>, sessionId: string, from: number, to: number): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < to) await client.startArchive(sessionId, `bench-${next++}`);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

function iterateChild(url: string, count: number, rounds: number): { msPerItem: number; peakRss: number } {
  const script = fileURLToPath(new URL('./iterate-child.mjs', import.meta.url));
  return JSON.parse(execFileSync(process.execPath, [script, url, String(count), String(rounds)], { encoding: 'utf8', env: process.env }));
}

export async function runEmulator(floorUrl: string, settings: Settings): Promise<EmulatorResults> {
  const emu = await startEmulatorChild();
  const dispatcher = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 30_000 });
  try {
    const control = new EmulatorControl(emu.url);
    let jwt = await restJwt();
    const servers = { [EMULATOR]: rawClient(emu.url, jwt, dispatcher), [FLOOR]: rawClient(floorUrl, jwt, dispatcher) };

    // Throughput. The emulator's getArchive reads a real archive; the canned server answers any ID.
    const sessionId = await archivableSession(servers[EMULATOR], control);
    const archiveIds = { [EMULATOR]: (await servers[EMULATOR].startArchive(sessionId, 'throughput')).id as string, [FLOOR]: ARCHIVE_ID };
    const best = new Map<string, ThroughputResult>();
    for (let round = 0; round < settings.rounds; round++) {
      for (const operation of ['getArchive', 'createSession'] as const) {
        for (const server of [EMULATOR, FLOOR] as const) {
          const c = servers[server];
          const call = operation === 'getArchive' ? () => c.getArchive(archiveIds[server]) : () => c.createSession();
          if (round === 0 && settings.warmupMs > 0) await drive(call, CONCURRENCY, settings.warmupMs, Infinity);
          const r = await drive(call, CONCURRENCY, settings.measureMs, settings.maxRequests);
          const key = `${server}/${operation}`;
          if (!best.has(key) || best.get(key)!.rate < r.rate) best.set(key, { server, operation, ...r });
        }
      }
    }

    // Growth of iterateArchives: forget the sessions made above, then seed up to each count.
    await control.reset();
    jwt = await restJwt();
    const client = rawClient(emu.url, jwt, dispatcher);
    const seeded = await archivableSession(client, control);
    const iterate: IterateResult[] = [];
    let have = 0;
    for (const count of settings.counts) {
      const t = performance.now();
      await seed(client, seeded, have, count);
      const seedMs = performance.now() - t;
      have = count;
      iterate.push({ count, seedMs, ...iterateChild(emu.url, count, settings.iterateRounds(count)) });
    }

    // Growth of token minting with more tokens in flight.
    const vonage = createCredentials({ applicationId: APPLICATION_ID, privateKey: PRIVATE_KEY });
    const opentok = createCredentials({ apiKey: API_KEY, apiSecret: API_SECRET });
    const minters: [string, () => unknown][] = [
      [tok.OURS_RS256, () => generateToken(vonage, VONAGE_SESSION)],
      [tok.OURS_HS256, () => generateToken(opentok, OPENTOK_SESSION)],
    ];
    const tokens: TokenGrowthResult[] = [];
    for (const [name, fn] of minters) {
      if (settings.warmupMs > 0) await tok.rate(fn, settings.warmupMs, Infinity);
      for (const inFlight of [1, 16, 256]) {
        let rate = 0;
        for (let round = 0; round < settings.rounds; round++) rate = Math.max(rate, await tok.rate(fn, settings.tokenRoundMs, settings.tokenMax, inFlight));
        tokens.push({ name, inFlight, usPerToken: 1e6 / rate });
      }
    }
    return { throughput: [...best.values()], iterate, tokens };
  } finally {
    await dispatcher.close();
    emu.stop();
  }
}

export function throughputTable(results: ThroughputResult[]): string {
  return table(
    ['operation', 'server', 'req/s', 'p50 ms', 'p99 ms', '÷ floor'],
    results.map((r) => {
      const floor = results.find((x) => x.server === FLOOR && x.operation === r.operation);
      return [r.operation, r.server, int(r.rate), ms(r.p50), ms(r.p99), ratio(r.rate, floor?.rate)];
    }),
  );
}

export function growthTable(results: EmulatorResults): string {
  const first = results.iterate[0]!;
  const iterate = table(
    ['archives', 'seeding (ms, 32 in flight)', 'ms per item', 'peak RSS MB', 'per item ÷ first row', 'RSS ÷ first row'],
    results.iterate.map((r) => [int(r.count), int(r.seedMs), r.msPerItem.toFixed(4), mb(r.peakRss), ratio(r.msPerItem, first.msPerItem), ratio(r.peakRss, first.peakRss)]),
  );
  const tokens = table(
    ['minter', 'in flight', 'µs per token', '÷ 1 in flight'],
    results.tokens.map((r) => [
      r.name,
      r.inFlight,
      r.usPerToken.toFixed(1),
      ratio(r.usPerToken, results.tokens.find((x) => x.name === r.name && x.inFlight === 1)?.usPerToken),
    ]),
  );
  return `\`iterateArchives\` (default page size 100, fetch transport) against the emulator, one child process per count:\n\n${iterate}\n\nClient-token minting, time per token (wall time ÷ tokens) with more tokens in flight:\n\n${tokens}`;
}
