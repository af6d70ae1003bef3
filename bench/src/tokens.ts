// Client-token minting rate, one token at a time (each awaited), after warm-up, and with 16 in
// flight (a busy token endpoint). Contenders run in interleaved rounds and keep their best round.
// Floors: raw node:crypto RSA-SHA256 with a cached KeyObject over a payload the size of our RS256
// signing input, synchronous and with a callback (thread pool), and HMAC-SHA256 likewise.
import { createHmac, createPrivateKey, createSecretKey, sign } from 'node:crypto';
import { createRequire } from 'node:module';
import { createCredentials, generateToken } from '@video/auth';
import { Video } from '@vonage/video';
import { API_KEY, API_SECRET, APPLICATION_ID, OPENTOK_SESSION, PRIVATE_KEY, VONAGE_SESSION } from './fixtures.mjs';
import { int, ratio, table } from './report.js';

const require = createRequire(import.meta.url);

export const OURS_RS256 = '@video/auth RS256 (Vonage)';
export const OURS_HS256 = '@video/auth HS256 (OpenTok)';
export const OURS_T1 = '@video/auth T1 (OpenTok)';
export const VONAGE = '@vonage/video generateClientToken (RS256)';
export const OPENTOK_JWT = 'opentok generateToken (JWT, HS256)';
export const OPENTOK_T1 = 'opentok generateToken (T1)';
export const FLOOR_RSA = 'floor: node:crypto RSA-SHA256 sign (sync)';
export const FLOOR_RSA_ASYNC = 'floor: node:crypto RSA-SHA256 sign (callback)';
export const FLOOR_HMAC = 'floor: node:crypto HMAC-SHA256';

/** Interleaved rounds of `roundMs` each (at most `maxIterations` calls), after a warm-up; each contender keeps its best round. */
export interface RoundSettings {
  rounds: number;
  warmupMs: number;
  roundMs: number;
  maxIterations: number;
}
export const TOKENS_FULL: RoundSettings = { rounds: 5, warmupMs: 300, roundMs: 300, maxIterations: Infinity };
export const TOKENS_QUICK: RoundSettings = { rounds: 1, warmupMs: 0, roundMs: 1000, maxIterations: 300 };

export interface TokenResult {
  name: string;
  /** Tokens/s, one at a time. */
  rate: number;
  /** Tokens/s with 16 in flight. */
  concurrent: number;
}

const IN_FLIGHT = 16;

async function contenders(): Promise<[string, () => unknown][]> {
  const vonage = createCredentials({ applicationId: APPLICATION_ID, privateKey: PRIVATE_KEY });
  const opentok = createCredentials({ apiKey: API_KEY, apiSecret: API_SECRET });
  const vonageSdk = new Video({ applicationId: APPLICATION_ID, privateKey: PRIVATE_KEY });
  const OpenTok = require('opentok');
  const ot = new OpenTok(API_KEY, API_SECRET);

  // The floors sign payloads as large as our own signing inputs, with keys prepared once.
  const rsInput = Buffer.from((await generateToken(vonage, VONAGE_SESSION)).split('.').slice(0, 2).join('.'));
  const hsInput = Buffer.from((await generateToken(opentok, OPENTOK_SESSION)).split('.').slice(0, 2).join('.'));
  const rsaKey = createPrivateKey(PRIVATE_KEY);
  const hmacKey = createSecretKey(Buffer.from(API_SECRET));

  return [
    [OURS_RS256, () => generateToken(vonage, VONAGE_SESSION)],
    [OURS_HS256, () => generateToken(opentok, OPENTOK_SESSION)],
    [OURS_T1, () => generateToken(opentok, OPENTOK_SESSION, { format: 't1' })],
    [VONAGE, () => vonageSdk.generateClientToken(VONAGE_SESSION)],
    [OPENTOK_JWT, () => ot.generateToken(OPENTOK_SESSION)],
    [OPENTOK_T1, () => ot.generateToken(OPENTOK_SESSION, {}, true)],
    [FLOOR_RSA, () => sign('sha256', rsInput, rsaKey)],
    [
      FLOOR_RSA_ASYNC,
      () => new Promise((resolve, reject) => sign('sha256', rsInput, rsaKey, (error, sig) => (error ? reject(error) : resolve(sig)))),
    ],
    [FLOOR_HMAC, () => createHmac('sha256', hmacKey).update(hsInput).digest()],
  ];
}

/** Tokens per second over `timeMs` (or `maxIterations`), `concurrency` at a time, awaiting each. */
export async function rate(fn: () => unknown, timeMs: number, maxIterations: number, concurrency = 1): Promise<number> {
  let n = 0;
  const start = performance.now();
  const worker = async () => {
    while (performance.now() - start < timeMs && n < maxIterations) {
      for (let i = 0; i < 10; i++) await fn();
      n += 10;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (n / (performance.now() - start)) * 1000;
}

export async function runTokens(settings: RoundSettings): Promise<TokenResult[]> {
  const list = await contenders();
  for (const [, fn] of list) if (settings.warmupMs > 0) await rate(fn, settings.warmupMs, Infinity);
  const best = new Map<string, number>();
  const keep = (key: string, value: number) => best.set(key, Math.max(best.get(key) ?? 0, value));
  for (let round = 0; round < settings.rounds; round++) {
    for (const [name, fn] of list) {
      keep(name, await rate(fn, settings.roundMs, settings.maxIterations));
      keep(`${name}/c`, await rate(fn, settings.roundMs, settings.maxIterations, IN_FLIGHT));
    }
  }
  return list.map(([name]) => ({ name, rate: best.get(name)!, concurrent: best.get(`${name}/c`)! }));
}

export function tokensTable(results: TokenResult[]): string {
  const get = (name: string) => results.find((r) => r.name === name)?.rate;
  const rsa = (name: string) => name.includes('RS256') || name.includes('RSA');
  return table(
    ['contender', 'tokens/s (1 at a time)', `tokens/s (${IN_FLIGHT} in flight)`, '÷ @vonage/video', '÷ opentok JWT', '÷ opentok T1', '÷ floor'],
    results.map((r) => [
      r.name,
      int(r.rate),
      int(r.concurrent),
      ratio(r.rate, get(VONAGE)),
      ratio(r.rate, get(OPENTOK_JWT)),
      ratio(r.rate, get(OPENTOK_T1)),
      rsa(r.name)
        ? `${ratio(r.rate, get(FLOOR_RSA))} sync, ${ratio(r.rate, get(FLOOR_RSA_ASYNC))} callback`
        : `${ratio(r.rate, get(FLOOR_HMAC))} HMAC`,
    ]),
  );
}
