import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRestToken, restAuthHeader, REST_TOKEN_LIFETIME } from '@video/auth';
import { API_KEY, APPLICATION_ID, opentok, verifyOpenTokJwt, verifyVonageJwt, vonage } from './fixtures.js';

afterEach(() => vi.useRealTimers());

describe('REST auth tokens (§2)', () => {
  it('Vonage: RS256 {application_id, iat, exp, jti}, iat backdated a few seconds', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { payload, header } = await verifyVonageJwt(await createRestToken(vonage));
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(Object.keys(payload).sort()).toEqual(['application_id', 'exp', 'iat', 'jti']);
    expect(payload.application_id).toBe(APPLICATION_ID);
    expect(payload.iat!).toBeLessThan(before);
    expect(payload.iat!).toBeGreaterThanOrEqual(before - 10);
    expect(payload.exp! - payload.iat!).toBe(REST_TOKEN_LIFETIME);
  });

  it('OpenTok: HS256 {iss, ist: project, iat, exp, jti} with at most 300 s between iat and exp', async () => {
    const { payload, header } = await verifyOpenTokJwt(await createRestToken(opentok));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(Object.keys(payload).sort()).toEqual(['exp', 'iat', 'iss', 'ist', 'jti']);
    expect(payload).toMatchObject({ iss: API_KEY, ist: 'project' });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(300);
  });

  it('signs a fresh token each time createRestToken is called', async () => {
    expect(await createRestToken(opentok)).not.toBe(await createRestToken(opentok));
  });

  it('hands out the same header until shortly before expiry, then a new one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const creds = { ...opentok };
    const first = await restAuthHeader(creds);
    expect(first.name).toBe('X-OPENTOK-AUTH');
    vi.setSystemTime(Date.now() + 200_000);
    expect(await restAuthHeader(creds)).toBe(first);
    vi.setSystemTime(Date.now() + 60_000);
    const next = await restAuthHeader(creds);
    expect(next.value).not.toBe(first.value);
    const { payload } = await verifyOpenTokJwt(next.value);
    expect(payload.exp!).toBeGreaterThan(Math.floor(Date.now() / 1000) + 200);
  });

  it('uses the Authorization bearer header for Vonage credentials', async () => {
    const header = await restAuthHeader({ ...vonage });
    expect(header.name).toBe('Authorization');
    expect(header.value).toMatch(/^Bearer eyJ/);
  });
});
