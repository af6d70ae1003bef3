// What Vonage's callback service does, for trying a receiver locally: sign the body with the
// signature secret (an HS256 JWT whose payload_hash is the body's SHA-256) and POST it.
import { createHash, createHmac, randomUUID } from 'node:crypto';

const b64url = (text: string) => Buffer.from(text).toString('base64url');

/** The `Authorization` header Vonage would send with `body`. */
export function signCallback(body: string, secret: string, claims: Record<string, unknown> = {}): string {
  const payload = {
    iat: Math.floor(Date.now() / 1000),
    jti: randomUUID(),
    iss: 'Vonage',
    payload_hash: createHash('sha256').update(body).digest('hex'),
    ...claims,
  };
  const input = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  return `Bearer ${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** POSTs `payload` to `url` as a signed callback. */
export function sendCallback(url: string, payload: object, secret: string): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: signCallback(body, secret) }, body });
}

/** An archive-ready callback, as the API documents it. */
export const archiveAvailable = {
  id: 'b40ef09b-3811-4726-b508-e41a0f96c68f',
  event: 'archive',
  createdAt: Date.now() - 60_000,
  duration: 58,
  name: 'Demo',
  partnerId: 12345678,
  reason: '',
  resolution: '1280x720',
  sessionId: '2_MX4xMjM0NTY3OH5-MTQ3MDI1NzY3OTkxOH45QXRr',
  size: 1_024_000,
  status: 'available',
  streamMode: 'auto',
  url: 'https://example.com/archive.mp4',
};
