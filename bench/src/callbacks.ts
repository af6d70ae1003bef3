// Callback (webhook) verification rate: @video/webhooks `verifyCallback` against @vonage/jwt
// `verifySignature` and a floor (jose `jwtVerify` with a key prepared once + node:crypto SHA-256 of
// the body compared with `payload_hash`), for a 1 KB and a 64 KB body signed as the service signs
// them (callbacks.md §2.3: HS256 `{iat, jti, iss: "Vonage", payload_hash, application_id}`).
// A fourth row adds the JSON.parse a receiver does next to the floor, for reading only.
// One verification at a time, each awaited; interleaved rounds, best round kept.
import { createHash, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { jwtVerify, SignJWT } from 'jose';
import { verifyCallback } from '@video/webhooks';
import { APPLICATION_ID, sessionIdFor } from './fixtures.mjs';
import { int, ratio, table } from './report.js';
import { rate, type RoundSettings } from './tokens.js';

const require = createRequire(import.meta.url);

export const OURS = '@video/webhooks verifyCallback';
export const VONAGE = '@vonage/jwt verifySignature';
export const FLOOR = 'floor: jose jwtVerify + node:crypto SHA-256';
/** For reading only (no goal): the floor plus the JSON.parse of the body that any receiver does next. */
export const FLOOR_PARSE = 'floor + JSON.parse of the body';
export const SIZES = [1024, 64 * 1024];

export const CALLBACKS_FULL: RoundSettings = { rounds: 5, warmupMs: 200, roundMs: 300, maxIterations: Infinity };
export const CALLBACKS_QUICK: RoundSettings = { rounds: 1, warmupMs: 0, roundMs: 1000, maxIterations: 300 };

export interface CallbackResult {
  name: string;
  bytes: number;
  /** Verifications/s, one at a time. */
  rate: number;
}

const SECRET = 'bench-signature-secret-0123456789abcdef';

/** An `archive_status` body of about `size` bytes (its `streams` list pads it), as the service sends it. */
function body(size: number): Buffer {
  const sessionId = sessionIdFor(APPLICATION_ID);
  const base = {
    id: randomUUID(),
    event: 'archive',
    status: 'started',
    name: 'Daily stand-up',
    reason: '',
    sessionId,
    applicationId: APPLICATION_ID,
    createdAt: Math.floor(Date.now() / 1000) * 1000,
    size: 0,
    duration: 0,
    outputMode: 'individual',
    streamMode: 'auto',
    hasAudio: true,
    hasVideo: true,
    hasTranscription: false,
    sha256sum: '',
    password: '',
    updatedAt: Date.now(),
    multiArchiveTag: '',
    url: null,
    resolution: '1280x720',
    streams: [] as Array<{ streamId: string; hasAudio: boolean; hasVideo: boolean }>,
  };
  while (Buffer.byteLength(JSON.stringify(base)) < size - 80) base.streams.push({ streamId: randomUUID(), hasAudio: true, hasVideo: true });
  const text = JSON.stringify(base);
  return Buffer.from(text + ' '.repeat(Math.max(0, size - Buffer.byteLength(text))));
}

export async function runCallbacks(settings: RoundSettings): Promise<CallbackResult[]> {
  const { verifySignature } = require('@vonage/jwt') as { verifySignature: (jwt: string, key: string | Buffer) => boolean };
  const key = new TextEncoder().encode(SECRET);
  const list: [string, number, () => unknown][] = [];
  for (const size of SIZES) {
    const raw = body(size);
    const hash = createHash('sha256').update(raw).digest('hex');
    // Signed now, with a fresh jti: valid for the whole run (verifyCallback's default maxAge is 5 minutes, re-signed per run).
    const jwt = await new SignJWT({ payload_hash: hash, application_id: APPLICATION_ID })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('Vonage')
      .setIssuedAt()
      .setJti(randomUUID())
      .sign(key);
    const authorization = `Bearer ${jwt}`;
    // Every contender must accept the body, or it is not measuring a verification.
    await verifyCallback(raw, authorization, { secret: SECRET });
    if (!verifySignature(jwt, SECRET)) throw new Error('@vonage/jwt refused the bench callback');
    list.push(
      [OURS, size, () => verifyCallback(raw, authorization, { secret: SECRET })],
      [VONAGE, size, () => verifySignature(jwt, SECRET) || Promise.reject(new Error('refused'))],
      [
        FLOOR,
        size,
        async () => {
          const { payload } = await jwtVerify(jwt, key, { algorithms: ['HS256'], issuer: 'Vonage' });
          if (createHash('sha256').update(raw).digest('hex') !== payload['payload_hash']) throw new Error('hash mismatch');
        },
      ],
      [
        FLOOR_PARSE,
        size,
        async () => {
          const { payload } = await jwtVerify(jwt, key, { algorithms: ['HS256'], issuer: 'Vonage' });
          if (createHash('sha256').update(raw).digest('hex') !== payload['payload_hash']) throw new Error('hash mismatch');
          return JSON.parse(raw.toString('utf8'));
        },
      ],
    );
  }
  const best = new Map<string, number>();
  if (settings.warmupMs > 0) for (const [, , fn] of list) await rate(fn, settings.warmupMs, Infinity);
  for (let round = 0; round < settings.rounds; round++) {
    for (const [name, size, fn] of list) {
      const r = await rate(fn, settings.roundMs, settings.maxIterations);
      best.set(`${name}/${size}`, Math.max(best.get(`${name}/${size}`) ?? 0, r));
    }
  }
  return list.map(([name, bytes]) => ({ name, bytes, rate: best.get(`${name}/${bytes}`)! }));
}

const NOTES: Record<string, string> = {
  [OURS]: 'HS256, iss, iat age, payload_hash, then parses and shapes the event',
  [VONAGE]: 'signature (and exp) only: does NOT check payload_hash, so not like for like',
  [FLOOR]: 'HS256, iss, payload_hash; no JSON parse (the reference of the ≥ 0.8 goal)',
  [FLOOR_PARSE]: 'the floor, then JSON.parse: for reading only',
};

export function callbacksTable(results: CallbackResult[]): string {
  const get = (name: string, bytes: number) => results.find((r) => r.name === name && r.bytes === bytes)?.rate;
  return table(
    ['body', 'verifier', 'verifications/s', '÷ @vonage/jwt', '÷ floor', 'note'],
    results.map((r) => [`${r.bytes / 1024} KB`, r.name, int(r.rate), ratio(r.rate, get(VONAGE, r.bytes)), ratio(r.rate, get(FLOOR, r.bytes)), NOTES[r.name]!]),
  );
}
