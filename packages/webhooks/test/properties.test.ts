import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallbackParseError, CallbackVerificationError, parseCallback, verifyCallback } from '@video/webhooks';
import { EVENT_NAMES, HOOK_OF, PAYLOADS, SECRET, signCallback } from './fixtures.js';

const b64url = (text: string) => Buffer.from(text).toString('base64url');
const SECRET_MAP = Object.fromEntries(Object.values(HOOK_OF).map((hook) => [hook, SECRET]));

/** Bodies: any text, any bytes, JSON objects, and real payloads with random changes. */
const bodies = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }),
  fc.json({ maxDepth: 3 }),
  fc.record({ name: fc.constantFrom(...EVENT_NAMES), extra: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) }).map(
    ({ name, extra }) => JSON.stringify({ ...PAYLOADS[name], ...extra }),
  ),
);

/** Headers that an attacker without the secret can send. */
const headers = (body: fc.Arbitrary<string | Uint8Array>) =>
  fc.oneof(
    fc.constant(undefined),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.tuple(fc.base64String(), fc.base64String(), fc.base64String()).map(([a, b, c]) => `Bearer ${a.replace(/=+$/, '')}.${b.replace(/=+$/, '')}.${c.replace(/=+$/, '')}`),
    fc.tuple(fc.json(), fc.json(), fc.string()).map(([h, p, s]) => `Bearer ${b64url(h)}.${b64url(p)}.${b64url(s)}`),
    fc.constantFrom('none', 'HS256', 'HS512', 'RS256', 'ES256', 'HS256 ').map((alg) => `Bearer ${b64url(JSON.stringify({ alg }))}.${b64url('{"iss":"Vonage"}')}.`),
    // Well-formed tokens over the body, signed with any secret but ours, with random claims.
    fc
      .tuple(
        body,
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s !== SECRET),
        fc.dictionary(fc.constantFrom('iat', 'iss', 'jti', 'payload_hash', 'api_key', 'exp', 'nbf'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }),
      )
      .map(([b, secret, claims]) => `Bearer ${signCallback(typeof b === 'string' ? b : Buffer.from(b), { secret, claims })}`),
  );

const refused = (error: unknown) => error instanceof CallbackVerificationError || error instanceof CallbackParseError;

describe('properties', () => {
  it('random bodies and headers never crash and never verify without the secret', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, headers(bodies), fc.boolean(), async (body, header, map) => {
        const outcome = await verifyCallback(body, header, { secret: map ? SECRET_MAP : SECRET }).then(
          () => 'verified',
          (error: unknown) => (refused(error) ? 'refused' : error),
        );
        expect(outcome).toBe('refused');
      }),
      { numRuns: 400 },
    );
  });

  it('a genuine token never verifies another body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...EVENT_NAMES), bodies, async (name, other) => {
        const signed = JSON.stringify(PAYLOADS[name], null, 1);
        fc.pre(typeof other !== 'string' || other !== signed);
        const outcome = await verifyCallback(other, `Bearer ${signCallback(signed)}`, { secret: SECRET }).then(
          () => 'verified',
          (error: unknown) => (error instanceof CallbackVerificationError ? error.reason : error),
        );
        expect(outcome).toBe('hash_mismatch');
      }),
      { numRuns: 200 },
    );
  });

  it('parseCallback returns an event or throws a CallbackParseError, whatever the JSON', () => {
    const payloads = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc
        .tuple(fc.constantFrom(...EVENT_NAMES, 'somethingNew'), fc.dictionary(fc.constantFrom('sessionId', 'timestamp', 'connection', 'stream', 'call', 'id', 'status', 'createdAt', 'reason_code', 'projectId', 'partnerId', 'captionId', 'broadcastUrls', '__proto__'), fc.jsonValue({ maxDepth: 2 })))
        .map(([event, fields]) => ({ event, ...fields })),
    );
    fc.assert(
      fc.property(payloads, (payload) => {
        try {
          const event = parseCallback(JSON.stringify(payload) ?? 'null');
          expect(typeof event.type).toBe('string');
          expect(event.raw).toEqual(JSON.parse(JSON.stringify(payload)));
        } catch (error) {
          expect(error).toBeInstanceOf(CallbackParseError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
