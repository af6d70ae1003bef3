import { generateKeyPairSync } from 'node:crypto';
import { createRestToken } from '@video/auth';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { now, opentokRestToken, send, startTestEmulator, vonageRestToken } from './helpers.js';

let emu: Emulator;
let otherKey: string;

beforeAll(async () => {
  emu = await startTestEmulator();
  otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
});
afterAll(() => emu.stop());

const apiKey = () => emu.credentials.opentok.apiKey;
const appId = () => emu.credentials.vonage.applicationId;

function listArchives(key: string, headers: Record<string, string>) {
  return send(`${emu.url}/v2/project/${key}/archive`, { headers });
}

function unsigned(claims: Record<string, unknown>, alg = 'none'): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg, typ: 'JWT' })}.${part(claims)}.`;
}

async function expect403(answer: Promise<{ status: number; json: { code: number; message: string } }>, message: RegExp) {
  const { status, json } = await answer;
  expect(status).toBe(403);
  expect(json.code).toBe(403);
  expect(json.message).toMatch(message);
}

describe('X-OPENTOK-AUTH (HS256)', () => {
  it('accepts a valid token, with or without jti, and answers with a Date header', async () => {
    const answer = await listArchives(apiKey(), { 'X-OPENTOK-AUTH': await opentokRestToken(emu) });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ count: 0, items: [] });
    expect(new Date(answer.headers.get('date') ?? '').getTime()).toBeGreaterThan(Date.now() - 60_000);
    const withJti = await opentokRestToken(emu, { claims: { jti: 'abc' } });
    expect((await listArchives(apiKey(), { 'X-OPENTOK-AUTH': withJti })).status).toBe(200);
  });

  it('accepts the token our SDK signs', async () => {
    const token = await createRestToken(emu.credentials.opentok);
    expect((await listArchives(apiKey(), { 'X-OPENTOK-AUTH': token })).status).toBe(200);
  });

  it('rejects a missing header', async () => {
    await expect403(listArchives(apiKey(), {}), /Missing authentication/);
  });

  it('rejects garbage', async () => {
    await expect403(listArchives(apiKey(), { 'X-OPENTOK-AUTH': 'not a jwt' }), /Invalid token format/);
  });

  it('rejects a bad signature', async () => {
    const token = await opentokRestToken(emu, { secret: 'f'.repeat(40) });
    await expect403(listArchives(apiKey(), { 'X-OPENTOK-AUTH': token }), /signature/);
  });

  it('rejects alg none and RS256', async () => {
    const claims = { iss: apiKey(), ist: 'project', iat: now(), exp: now() + 100 };
    await expect403(listArchives(apiKey(), { 'X-OPENTOK-AUTH': unsigned(claims) }), /algorithm "none"/);
    await expect403(
      listArchives(apiKey(), { 'X-OPENTOK-AUTH': await vonageRestToken(emu, { claims }) }),
      /algorithm "RS256".*HS256/,
    );
  });

  it('rejects an expired token', async () => {
    const token = await opentokRestToken(emu, { claims: { iat: now() - 400, exp: now() - 200 } });
    await expect403(listArchives(apiKey(), { 'X-OPENTOK-AUTH': token }), /token expired/);
  });

  it('rejects iat in the future', async () => {
    const token = await opentokRestToken(emu, { claims: { iat: now() + 120, exp: now() + 300 } });
    await expect403(listArchives(apiKey(), { 'X-OPENTOK-AUTH': token }), /issued time cannot be greater than current time/);
  });

  it('rejects exp - iat > 300 s but accepts exactly 300 s', async () => {
    const long = await opentokRestToken(emu, { claims: { exp: now() + 301 } });
    await expect403(listArchives(apiKey(), { 'X-OPENTOK-AUTH': long }), /at most 300 seconds/);
    const exact = await opentokRestToken(emu, { claims: { exp: now() + 300 } });
    expect((await listArchives(apiKey(), { 'X-OPENTOK-AUTH': exact })).status).toBe(200);
  });

  it('rejects missing iat or exp, and a wrong ist', async () => {
    await expect403(listArchives(apiKey(), { 'X-OPENTOK-AUTH': await opentokRestToken(emu, { drop: ['iat'] }) }), /missing iat/);
    await expect403(listArchives(apiKey(), { 'X-OPENTOK-AUTH': await opentokRestToken(emu, { drop: ['exp'] }) }), /missing exp/);
    const account = await opentokRestToken(emu, { claims: { ist: 'account' } });
    await expect403(listArchives(apiKey(), { 'X-OPENTOK-AUTH': account }), /ist/);
  });

  it('rejects a token for another key than the path', async () => {
    await expect403(
      listArchives('99999999', { 'X-OPENTOK-AUTH': await opentokRestToken(emu) }),
      /does not match the project in the path/,
    );
    const stranger = await opentokRestToken(emu, { claims: { iss: '99999999' } });
    await expect403(listArchives('99999999', { 'X-OPENTOK-AUTH': stranger }), /Unknown API key/);
  });

  it('does not accept an OpenTok token on the application-ID path', async () => {
    await expect403(listArchives(appId(), { 'X-OPENTOK-AUTH': await opentokRestToken(emu) }), /does not match/);
  });
});

describe('Authorization: Bearer (RS256)', () => {
  it('accepts a valid token with the 900 s lifetime @vonage/auth uses', async () => {
    const answer = await listArchives(appId(), { Authorization: `Bearer ${await vonageRestToken(emu)}` });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('date')).toBeTruthy();
  });

  it('accepts the token our SDK signs', async () => {
    const token = await createRestToken(emu.credentials.vonage);
    expect((await listArchives(appId(), { Authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('rejects a token signed with another key', async () => {
    const token = await vonageRestToken(emu, { privateKey: otherKey });
    await expect403(listArchives(appId(), { Authorization: `Bearer ${token}` }), /signature/);
  });

  it('rejects HS256 and alg none on the Bearer scheme', async () => {
    const claims = { application_id: appId(), iat: now(), exp: now() + 100 };
    const hs = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(emu.credentials.opentok.apiSecret));
    await expect403(listArchives(appId(), { Authorization: `Bearer ${hs}` }), /algorithm "HS256".*RS256/);
    await expect403(listArchives(appId(), { Authorization: `Bearer ${unsigned(claims)}` }), /algorithm "none"/);
  });

  it('rejects expired tokens and iat in the future', async () => {
    const expired = await vonageRestToken(emu, { claims: { iat: now() - 1000, exp: now() - 10 } });
    await expect403(listArchives(appId(), { Authorization: `Bearer ${expired}` }), /token expired/);
    const future = await vonageRestToken(emu, { claims: { iat: now() + 60 } });
    await expect403(listArchives(appId(), { Authorization: `Bearer ${future}` }), /issued time cannot be greater/);
  });

  it('allows 30 s of clock difference on iat', async () => {
    const slightlyAhead = await vonageRestToken(emu, { claims: { iat: now() + 20 } });
    expect((await listArchives(appId(), { Authorization: `Bearer ${slightlyAhead}` })).status).toBe(200);
  });

  it('rejects a wrong application ID in the path or in the token', async () => {
    const token = await vonageRestToken(emu);
    await expect403(listArchives(apiKey(), { Authorization: `Bearer ${token}` }), /does not match/);
    const other = await vonageRestToken(emu, { claims: { application_id: '00000000-0000-4000-8000-000000000000' } });
    await expect403(
      listArchives('00000000-0000-4000-8000-000000000000', { Authorization: `Bearer ${other}` }),
      /Unknown application ID/,
    );
  });

  it('rejects a missing application_id and an empty Bearer', async () => {
    const token = await vonageRestToken(emu, { drop: ['application_id'] });
    await expect403(listArchives(appId(), { Authorization: `Bearer ${token}` }), /application_id/);
    await expect403(listArchives(appId(), { Authorization: 'Bearer' }), /Invalid token format/);
    await expect403(listArchives(appId(), { Authorization: 'Basic abc' }), /Invalid token format/);
  });
});

describe('session creation identifies the project from the token', () => {
  it('works with either scheme and 403s without a token', async () => {
    const form = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
    const byKey = await send(`${emu.url}/session/create`, {
      method: 'POST',
      headers: { ...form, 'X-OPENTOK-AUTH': await opentokRestToken(emu) },
      body: '',
    });
    expect(byKey.status).toBe(200);
    expect(byKey.json[0].project_id).toBe(apiKey());
    const byApp = await send(`${emu.url}/session/create`, {
      method: 'POST',
      headers: { ...form, Authorization: `Bearer ${await vonageRestToken(emu)}` },
      body: '',
    });
    expect(byApp.status).toBe(200);
    expect(byApp.json[0].application_id).toBe(appId());
    const none = await send(`${emu.url}/session/create`, { method: 'POST', headers: form, body: '' });
    expect(none.status).toBe(403);
    expect(none.json.message).toMatch(/Missing authentication/);
  });
});
