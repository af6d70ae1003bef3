import { expect } from 'vitest';
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { parse } from 'node:querystring';
import { jwtVerify, type JWTPayload } from 'jose';

export const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const PKCS8_PEM = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
export const PKCS1_PEM = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
export const APPLICATION_ID = randomUUID();
export const API_KEY = '47123456';
export const API_SECRET = '0123456789abcdef0123456789abcdef01234567';
export const vonage = { applicationId: APPLICATION_ID, privateKey: PKCS8_PEM };
export const opentok = { apiKey: API_KEY, apiSecret: API_SECRET };

/** A session ID in the real format (§3) for a project key. */
export function sessionIdFor(projectKey: string, createTime = 'Sat Mar 15 14:42:23 PDT 2014'): string {
  return `1_${Buffer.from(`1~${projectKey}~~${createTime}~0.49013025~`).toString('base64url')}`;
}
export const VONAGE_SESSION = sessionIdFor(APPLICATION_ID, String(Date.now()));
export const OPENTOK_SESSION = sessionIdFor(API_KEY);

/** Independent T1 decoder: base64 → "partner_id=…&sig=…:DATA", signature recomputed with node:crypto. */
export function verifyT1(token: string, secret = API_SECRET) {
  expect(token.startsWith('T1==')).toBe(true);
  const decoded = Buffer.from(token.slice(4), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const head = parse(decoded.slice(0, colon));
  const data = decoded.slice(colon + 1);
  const expected = createHmac('sha1', secret).update(data).digest('hex');
  return { head, data: parse(data), raw: data, validSignature: head.sig === expected };
}

export async function verifyVonageJwt(token: string): Promise<{ payload: JWTPayload; header: object }> {
  const { payload, protectedHeader } = await jwtVerify(token, rsa.publicKey, { algorithms: ['RS256'] });
  return { payload, header: protectedHeader };
}

export async function verifyOpenTokJwt(token: string, secret = API_SECRET) {
  const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
  return { payload, header: protectedHeader };
}
