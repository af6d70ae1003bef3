// A local callback receiver over node:http, and independent checks of a signed callback: jose's
// jwtVerify and a SHA-256 of the raw body computed here, nothing from the emulator or the SDK.
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify, type JWTPayload } from 'jose';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  /** The body bytes exactly as they arrived. */
  raw: Buffer;
  // Tests read arbitrary payload fields.
  json: any;
}

/** How the receiver answers one callback (default: 204). */
export type Responder = (received: Received, res: ServerResponse) => void;

export interface Receiver {
  url: string;
  received: Received[];
  respond: (responder: Responder) => void;
  /** Resolves once `count` callbacks matching `filter` arrived. */
  waitFor: (count: number, filter?: (r: Received) => boolean, ms?: number) => Promise<Received[]>;
  close: () => Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  let responder: Responder = (_r, res) => res.writeHead(204).end();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        json = undefined;
      }
      const entry: Received = { path: req.url ?? '/', headers: req.headers, raw, json };
      received.push(entry);
      responder(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    respond: (r) => {
      responder = r;
    },
    async waitFor(count, filter = () => true, ms = 5000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = received.filter(filter);
        if (found.length >= count) return found;
        if (Date.now() > deadline) {
          throw new Error(`expected ${count} callbacks, got ${found.length}: ${received.map((r) => r.json?.event ?? r.json?.status).join(', ')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Verifies a callback as callbacks.md §2.3 describes, independently: `Bearer <JWT>`, HS256 with
 * the secret, `iss` Vonage, `iat` and `jti` present, no other claims than documented, and
 * `payload_hash` the hex SHA-256 of the raw body. Returns the claims.
 */
export async function verifyIndependently(received: Received, secret: string): Promise<JWTPayload> {
  const header = received.headers.authorization ?? '';
  if (!header.startsWith('Bearer ')) throw new Error(`no Bearer token: ${header}`);
  const { payload, protectedHeader } = await jwtVerify(header.slice('Bearer '.length), new TextEncoder().encode(secret), {
    algorithms: ['HS256'],
    issuer: 'Vonage',
  });
  if (protectedHeader.typ !== 'JWT') throw new Error('typ is not JWT');
  const hash = createHash('sha256').update(received.raw).digest('hex');
  if (payload['payload_hash'] !== hash) throw new Error('payload_hash does not match the body');
  if (typeof payload.iat !== 'number' || typeof payload.jti !== 'string' || payload.jti === '') throw new Error('iat or jti missing');
  const extra = Object.keys(payload).filter((k) => !['iat', 'jti', 'iss', 'payload_hash', 'api_key', 'application_id'].includes(k));
  if (extra.length) throw new Error(`undocumented claims: ${extra.join(', ')}`);
  return payload;
}
