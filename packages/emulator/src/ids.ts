import { randomBytes, randomUUID } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random string of letters and digits (never `~`, which separates session-ID fields). */
export function randomAlphanumeric(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  return out;
}

export const uuid = (): string => randomUUID();

/**
 * A session ID in the real format: `1_` + base64url(`1~<projectKey>~<location>~<epoch ms>~<random>~`),
 * so that every SDK's decoder finds the project key, location and creation time in it.
 */
export function createSessionId(projectKey: string, location: string | undefined, createdAt: number): string {
  const payload = `1~${projectKey}~${location ?? ''}~${createdAt}~${randomAlphanumeric(24)}~`;
  return '1_' + Buffer.from(payload, 'latin1').toString('base64url');
}

/** What a session ID carries, or undefined when the text is not a session ID. */
export interface DecodedSessionId {
  projectKey: string;
  location: string;
  createTime: string;
}

export function decodeSessionId(sessionId: string): DecodedSessionId | undefined {
  if (typeof sessionId !== 'string' || sessionId.length > 255) return undefined;
  const match = /^[12]_([A-Za-z0-9_\-+/]+={0,2})$/.exec(sessionId);
  if (!match) return undefined;
  const text = Buffer.from((match[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
  const fields = text.split('~');
  const projectKey = fields[1] ?? '';
  if (fields.length < 4 || !/^[\w-]+$/.test(projectKey)) return undefined;
  return { projectKey, location: fields[2] ?? '', createTime: fields[3] ?? '' };
}
