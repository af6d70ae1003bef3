// Hostile client-token inputs. Every bad value is rejected locally with a VideoValidationError
// that names the field; every accepted value yields a token that says exactly what was asked.
// Tokens are minted locally: the emulator must see no request at all.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@video/emulator';
import { decodeClientToken, Video, VideoValidationError, type TokenOptions } from '@video/server-sdk';
import { suiteResults } from './support/results.js';

const DAY = 24 * 60 * 60;
const results = suiteResults('tokens');
const now = () => Math.floor(Date.now() / 1000);

let emu: Emulator;
let other: Emulator;
let vonage: Video;
let opentok: Video;
let vonageSession: string;
let opentokSession: string;
let foreignSession: string;

beforeAll(async () => {
  [emu, other] = await Promise.all([startEmulator(), startEmulator({ opentok: { apiKey: '12345678' } })]);
  vonage = new Video({ ...emu.credentials.vonage, baseUrl: emu.url }, { retry: false });
  opentok = new Video({ ...emu.credentials.opentok, baseUrl: emu.url }, { retry: false });
  vonageSession = (await vonage.createSession()).sessionId;
  opentokSession = (await opentok.createSession()).sessionId;
  // A session of another API key (another OpenTok project).
  foreignSession = (await new Video({ ...other.credentials.opentok, baseUrl: other.url }).createSession()).sessionId;
  await emu.control.clearRequests();
});

afterAll(async () => {
  // Tokens are local: nothing may have reached the API while they were minted.
  const sent = (await emu.control.requests()).length;
  await Promise.all([emu.stop(), other.stop()]);
  results.write();
  expect(sent).toBe(0);
});

/** Mints and returns the error, or undefined when a token came out. */
async function mint(video: Video, sessionId: string, options: unknown): Promise<unknown> {
  results.results.hostileInputsTried++;
  results.results.callsMade++;
  try {
    const token = await video.generateToken(sessionId, options as TokenOptions);
    if (typeof token !== 'string' || token === '') return new Error(`resolved with ${String(token)}`);
    return undefined;
  } catch (error) {
    if (error instanceof VideoValidationError) results.failure(error.code);
    return error;
  }
}

const cases: [string, () => { sessionId?: string; options: Record<string, unknown> }, string][] = [
  ['expireTime in milliseconds', () => ({ options: { expireTime: Date.now() + 3600_000 } }), 'expireTime'],
  ['expireTime more than 30 days ahead', () => ({ options: { expireTime: now() + 31 * DAY } }), 'expireTime'],
  ['expireTime a Date more than 30 days ahead', () => ({ options: { expireTime: new Date(Date.now() + 31 * DAY * 1000) } }), 'expireTime'],
  ['expireTime in the past', () => ({ options: { expireTime: now() - 60 } }), 'expireTime'],
  ['expireTime now', () => ({ options: { expireTime: now() } }), 'expireTime'],
  ['expireTime fractional', () => ({ options: { expireTime: now() + 3600.5 } }), 'expireTime'],
  ['expireTime NaN', () => ({ options: { expireTime: Number.NaN } }), 'expireTime'],
  ['expireTime Infinity', () => ({ options: { expireTime: Number.POSITIVE_INFINITY } }), 'expireTime'],
  ['expireTime an invalid Date', () => ({ options: { expireTime: new Date('nope') } }), 'expireTime'],
  ['expireTime a string', () => ({ options: { expireTime: String(now() + 60) } }), 'expireTime'],
  ['expiresIn more than 30 days', () => ({ options: { expiresIn: 30 * DAY + 1 } }), 'expiresIn'],
  ['expiresIn in milliseconds', () => ({ options: { expiresIn: 3600_000 } }), 'expiresIn'],
  ['expiresIn negative', () => ({ options: { expiresIn: -1 } }), 'expiresIn'],
  ['expiresIn zero', () => ({ options: { expiresIn: 0 } }), 'expiresIn'],
  ['expiresIn fractional', () => ({ options: { expiresIn: 60.5 } }), 'expiresIn'],
  ['expiresIn NaN', () => ({ options: { expiresIn: Number.NaN } }), 'expiresIn'],
  ['data over 1000 characters', () => ({ options: { data: 'x'.repeat(1001) } }), 'data'],
  ['data not a string', () => ({ options: { data: { name: 'x' } } }), 'data'],
  ['role outside the four', () => ({ options: { role: 'admin' } }), 'role'],
  ['role in the wrong case', () => ({ options: { role: 'Moderator' } }), 'role'],
  ['role empty', () => ({ options: { role: '' } }), 'role'],
  ['an unknown option (snake_case)', () => ({ options: { expire_time: now() + 60 } }), 'expire_time'],
  ['initialLayoutClassList over 1000 characters', () => ({ options: { initialLayoutClassList: ['x'.repeat(1001)] } }), 'initialLayoutClassList'],
];

describe.each([
  ['vonage', () => vonage, () => vonageSession],
  ['opentok', () => opentok, () => opentokSession],
] as const)('%s credentials', (_mode, video, session) => {
  it.each(cases)('rejects %s, naming the field', async (_name, make, field) => {
    const { sessionId, options } = make();
    const error = await mint(video(), sessionId ?? session(), options);
    expect(error).toBeInstanceOf(VideoValidationError);
    expect((error as VideoValidationError).field).toBe(field);
    expect((error as VideoValidationError).message).toContain(field);
  });

  it('rejects hostile session IDs, naming sessionId', async () => {
    for (const sessionId of ['', 'not-a-session', '1_', 'x'.repeat(10_000), '\ud800', 42, null, undefined]) {
      const error = await mint(video(), sessionId as string, {});
      expect(error).toBeInstanceOf(VideoValidationError);
      expect((error as VideoValidationError).field).toBe('sessionId');
    }
  });

  it('expireTime: any number is either a valid expiry in seconds or rejected by name (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.double(),
          fc.integer({ min: -1e12, max: 1e13 }),
          fc.integer({ min: -2 * DAY, max: 32 * DAY }).map((d) => now() + d),
          fc.constantFrom(Date.now(), Date.now() / 1000, Number.NaN, -0, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE),
        ),
        async (expireTime) => {
          const t = now();
          const valid = Number.isInteger(expireTime) && expireTime > t + 1 && expireTime <= t + 30 * DAY - 1;
          const invalid = !Number.isInteger(expireTime) || expireTime <= t || expireTime > t + 30 * DAY + 1;
          const error = await mint(video(), session(), { expireTime });
          if (error === undefined) {
            expect(invalid, `accepted ${expireTime}`).toBe(false);
            const token = await video().generateToken(session(), { expireTime });
            expect(decodeClientToken(token).expiresAt?.getTime()).toBe(expireTime * 1000);
          } else {
            expect(valid, `rejected ${expireTime}: ${String(error)}`).toBe(false);
            expect(error).toBeInstanceOf(VideoValidationError);
            expect((error as VideoValidationError).field).toBe('expireTime');
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('role and data: accepted exactly when allowed, else rejected by name (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom('subscriber', 'publisher', 'publisheronly', 'moderator'), fc.string(), fc.anything({ maxDepth: 0 })),
        fc.oneof(fc.string({ maxLength: 1000 }), fc.string({ minLength: 990, maxLength: 1010 }), fc.string({ unit: 'grapheme', maxLength: 400 })),
        async (role, data) => {
          // null, like undefined, means "not given": the default role.
          const roleOk = ['subscriber', 'publisher', 'publisheronly', 'moderator'].includes(role as string) || role == null;
          const error = await mint(video(), session(), { role, data });
          if (!roleOk) {
            expect((error as VideoValidationError)?.field).toBe('role');
          } else if (data.length > 1000) {
            expect((error as VideoValidationError)?.field).toBe('data');
          } else {
            expect(error).toBeUndefined();
            const decoded = decodeClientToken(await video().generateToken(session(), { role: role as TokenOptions['role'], data }));
            expect(decoded.role).toBe(role ?? 'publisher');
            expect(decoded.data).toBe(data);
            expect(decoded.sessionId).toBe(session());
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a session of another API key', () => {
  it('is rejected for OpenTok credentials, naming sessionId', async () => {
    for (const format of ['jwt', 't1'] as const) {
      const error = await mint(opentok, foreignSession, { format });
      expect(error).toBeInstanceOf(VideoValidationError);
      expect((error as VideoValidationError).field).toBe('sessionId');
      expect((error as VideoValidationError).message).toContain('12345678');
    }
  });

  it('is rejected through session.generateToken() as well', async () => {
    const session = await opentok.createSession();
    await emu.control.clearRequests();
    await expect(session.generateToken({ role: 'owner' as TokenOptions['role'] })).rejects.toMatchObject({ field: 'role' });
    await expect(session.generateToken({ expireTime: Date.now() })).rejects.toMatchObject({ field: 'expireTime' });
    results.results.hostileInputsTried += 2;
  });
});
