// A token endpoint for any runtime with web-standard Request/Response: Cloudflare Workers, Deno,
// Bun, and AWS Lambda through the small adapter in lambda.ts. It needs only @video/auth: no HTTP
// client, no node: modules. POST /token { sessionId, role? } → { token }.
//
// Bad requests get what a service should answer, always as JSON `{ error }`: 400 for a body that
// is not a JSON object or a bad field, 413 over 10 KB, 415 for a body that is not JSON, 403 for a
// moderator token without the admin secret, 404 for another path, 405 (with `Allow`) for another
// method.
import { createCredentials, generateToken, isVideoError, type CredentialsInput, type TokenRole } from '@video/auth';

/** The roles anyone may ask for. */
const OPEN_ROLES: TokenRole[] = ['subscriber', 'publisher'];
const ROLES: TokenRole[] = [...OPEN_ROLES, 'moderator'];

export interface HandlerOptions {
  /**
   * A secret shared with your trusted back end. A request for a moderator token must carry it in
   * the `X-Admin-Secret` header (compared in constant time); without it, no moderator token is
   * ever handed out. In a real app, replace this with your own user authentication.
   */
  adminSecret?: string;
  /** The path the handler answers on (default `/token`); other paths get 404. */
  path?: string;
  /** The largest body accepted, in bytes (default 10 240). */
  maxBodyBytes?: number;
  /** Where refused requests are logged (default: console.warn). Bodies are never logged. */
  log?: (line: string) => void;
}

/** A refusal: the handler answers it as `{ error }` with this status. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The body as text, refused past `limit` bytes without reading further. */
async function readBody(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) throw new Refusal(413, `the body is larger than ${limit} bytes`);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Not awaited: some runtimes settle the cancel only once the client stops sending.
      reader.cancel().catch(() => {});
      throw new Refusal(413, `the body is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** The JSON body as an object; an empty body is `{}`. */
async function objectBody(request: Request, limit: number): Promise<Record<string, unknown>> {
  const type = request.headers.get('content-type');
  const text = await readBody(request, limit);
  if (text === '') return {};
  if (!type || !/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw new Refusal(415, 'send the body as JSON (content-type: application/json)');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Refusal(400, 'the body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Refusal(400, 'the body must be a JSON object, e.g. {"sessionId":"1_MX4…"}');
  }
  return body as Record<string, unknown>;
}

/** Equal strings, compared in constant time: their SHA-256 digests, every byte. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const digest = async (text: string) => new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

export function createHandler(credentials: CredentialsInput, options: HandlerOptions = {}): (request: Request) => Promise<Response> {
  const creds = createCredentials(credentials); // validated once; the key is imported once
  const { adminSecret, path = '/token', maxBodyBytes = 10_240, log = (line: string) => console.warn(line) } = options;

  async function answer(request: Request): Promise<Response> {
    if (new URL(request.url).pathname !== path) throw new Refusal(404, `no route for ${request.method} ${new URL(request.url).pathname}`);
    if (request.method !== 'POST') throw new Refusal(405, `${request.method} is not allowed here; use POST`, { Allow: 'POST' });
    const body = await objectBody(request, maxBodyBytes);
    const role = body.role ?? 'publisher';
    if (typeof role !== 'string' || !ROLES.includes(role as TokenRole)) {
      throw new Refusal(400, `Invalid role: must be one of ${ROLES.join(', ')}`);
    }
    if (!OPEN_ROLES.includes(role as TokenRole)) {
      const given = request.headers.get('x-admin-secret');
      if (!adminSecret || given === null || !(await sameSecret(given, adminSecret))) {
        throw new Refusal(403, `a ${role} token needs the admin secret in the X-Admin-Secret header`);
      }
    }
    if (typeof body.sessionId !== 'string') throw new Refusal(400, 'Invalid sessionId: must be the session ID string from createSession');
    try {
      const token = await generateToken(creds, body.sessionId, { role: role as TokenRole, expiresIn: 3600 });
      return Response.json({ token });
    } catch (error) {
      if (isVideoError(error, 'validation_error')) throw new Refusal(400, error.message);
      throw error;
    }
  }

  return async (request) => {
    try {
      return await answer(request);
    } catch (error) {
      const where = `${request.method} ${new URL(request.url).pathname}`;
      if (error instanceof Refusal) {
        log(`${error.status} ${where}: ${error.message}`);
        return Response.json({ error: error.message }, { status: error.status, headers: error.headers });
      }
      log(`500 ${where}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return Response.json({ error: 'internal error' }, { status: 500 });
    }
  };
}

/** The variables the handler reads: from Workers bindings, or the process environment. */
interface Env {
  VIDEO_APPLICATION_ID?: string;
  VIDEO_PRIVATE_KEY?: string;
  ADMIN_SECRET?: string;
}
const NAMES = ['VIDEO_APPLICATION_ID', 'VIDEO_PRIVATE_KEY', 'ADMIN_SECRET'] as const;

/**
 * The environment: Workers pass their bindings as `env`; Deno (`deno serve`) and Bun pass other
 * things there, so their variables are read from `Deno.env` (with `--allow-env`) or `process.env`.
 */
function readEnv(env: unknown): Env {
  const given = env as Env | undefined;
  if (typeof given?.VIDEO_APPLICATION_ID === 'string') return given;
  const runtime = globalThis as { Deno?: { env: { get(name: string): string | undefined } }; process?: { env: Env } };
  const get = (name: (typeof NAMES)[number]) => (runtime.Deno ? runtime.Deno.env.get(name) : runtime.process?.env[name]);
  return Object.fromEntries(NAMES.map((name) => [name, get(name)])) as Env;
}

let cached: { key: string; handle: (request: Request) => Promise<Response> } | undefined;
/** One handler per set of credentials (the private key is imported once, not per request). */
function handlerFor(env: unknown): (request: Request) => Promise<Response> {
  let vars: Env;
  try {
    vars = readEnv(env);
  } catch (error) {
    return misconfigured(`cannot read the environment (${error instanceof Error ? error.message : String(error)})`);
  }
  const key = `${vars.VIDEO_APPLICATION_ID}\n${vars.VIDEO_PRIVATE_KEY}\n${vars.ADMIN_SECRET}`;
  if (cached?.key !== key) {
    let handle: (request: Request) => Promise<Response>;
    try {
      handle = createHandler(
        { applicationId: vars.VIDEO_APPLICATION_ID ?? '', privateKey: vars.VIDEO_PRIVATE_KEY ?? '' },
        { adminSecret: vars.ADMIN_SECRET || undefined },
      );
    } catch (error) {
      // The SDK's message names the bad or missing credential, never its value.
      handle = misconfigured(`set VIDEO_APPLICATION_ID and VIDEO_PRIVATE_KEY: ${error instanceof Error ? error.message : String(error)}`);
    }
    cached = { key, handle };
  }
  return cached.handle;
}

/** A handler that answers 500 and logs why: the function itself is not set up. */
function misconfigured(reason: string): (request: Request) => Promise<Response> {
  return async (request) => {
    console.error(`500 ${request.method} ${new URL(request.url).pathname}: not configured: ${reason}`);
    return Response.json({ error: 'internal error' }, { status: 500 });
  };
}

/**
 * The entry for Cloudflare Workers (`env` holds the bindings), `deno serve` and `bun run`, which
 * serve a module's default `fetch` (there, the variables come from the environment).
 */
export default {
  fetch(request: Request, env?: unknown): Promise<Response> {
    return handlerFor(env)(request);
  },
};

/** The handler for the process environment's credentials (the Lambda adapter's). */
export function handlerFromEnv(): (request: Request) => Promise<Response> {
  return handlerFor(undefined);
}
