// Independent test helpers: REST JWTs and client tokens signed with jose and node:crypto, and a
// tiny fetch wrapper. Nothing here imports the emulator's own token code.
import { createHmac, randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import { startEmulator, type Emulator, type EmulatorOptions } from '../src/index.js';

export type Scheme = 'opentok' | 'vonage';

export const now = (): number => Math.floor(Date.now() / 1000);

export function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ archiveProcessingMs: 20, broadcastStartMs: 20, renderStartMs: 20, ...options });
}

/** An X-OPENTOK-AUTH token: HS256 `{iss, ist, iat, exp}` signed with the API secret. */
export async function opentokRestToken(
  emu: Emulator,
  options: { claims?: Record<string, unknown>; secret?: string; alg?: string; drop?: string[] } = {},
): Promise<string> {
  const iat = now();
  const claims: Record<string, unknown> = { iss: emu.credentials.opentok.apiKey, ist: 'project', iat, exp: iat + 180, ...options.claims };
  for (const name of options.drop ?? []) delete claims[name];
  return new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(options.secret ?? emu.credentials.opentok.apiSecret));
}

/** An Authorization Bearer token: RS256 `{application_id, iat, exp, jti}` signed with the app key. */
export async function vonageRestToken(
  emu: Emulator,
  options: { claims?: Record<string, unknown>; privateKey?: string; drop?: string[] } = {},
): Promise<string> {
  const iat = now();
  const claims: Record<string, unknown> = {
    application_id: emu.credentials.vonage.applicationId,
    iat,
    exp: iat + 900,
    jti: randomUUID(),
    ...options.claims,
  };
  for (const name of options.drop ?? []) delete claims[name];
  const key = await importPKCS8(options.privateKey ?? emu.credentials.vonage.privateKey, 'RS256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(key);
}

export const projectKey = (emu: Emulator, scheme: Scheme): string =>
  scheme === 'opentok' ? emu.credentials.opentok.apiKey : emu.credentials.vonage.applicationId;

export async function authHeaders(emu: Emulator, scheme: Scheme): Promise<Record<string, string>> {
  return scheme === 'opentok'
    ? { 'X-OPENTOK-AUTH': await opentokRestToken(emu) }
    : { Authorization: `Bearer ${await vonageRestToken(emu)}` };
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // Tests read arbitrary response fields.
  json: any;
}

export async function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A REST client for one project: `call('POST', '/archive', {...})` hits `/v2/project/{k}/archive`. */
export function rest(emu: Emulator, scheme: Scheme) {
  const key = projectKey(emu, scheme);
  return {
    key,
    scheme,
    async call(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Answer> {
      const headers: Record<string, string> = { ...(await authHeaders(emu, scheme)), ...extraHeaders };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      return send(`${emu.url}/v2/project/${key}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
    },
    async createSession(fields: Record<string, string> = { 'p2p.preference': 'disabled' }, accept = 'application/json'): Promise<Answer> {
      return send(`${emu.url}/session/create`, {
        method: 'POST',
        headers: {
          ...(await authHeaders(emu, scheme)),
          Accept: accept,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(fields).toString(),
      });
    },
    async session(fields?: Record<string, string>): Promise<string> {
      const answer = await this.createSession(fields);
      if (answer.status !== 200) throw new Error(`createSession answered ${answer.status}: ${answer.text}`);
      return answer.json[0].session_id as string;
    },
  };
}

export type Rest = ReturnType<typeof rest>;

export interface TokenFields {
  role?: string;
  data?: string;
  expireTime?: number;
  layout?: string;
  scope?: string;
  iat?: number;
}

/** A legacy T1 token built by hand: HMAC-SHA1 hex over the URL-encoded DATA. */
export function t1Token(apiKey: string, apiSecret: string, sessionId: string, f: TokenFields = {}): string {
  const t = now();
  const params = new URLSearchParams({
    session_id: sessionId,
    create_time: String(f.iat ?? t),
    nonce: String(Math.random()),
    role: f.role ?? 'publisher',
    expire_time: String(f.expireTime ?? t + 3600),
    ...(f.data !== undefined ? { connection_data: f.data } : {}),
    initial_layout_class_list: f.layout ?? '',
    scope: f.scope ?? 'session.connect',
  });
  const data = params.toString().replace(/\+/g, '%20');
  const sig = createHmac('sha1', apiSecret).update(data).digest('hex');
  return 'T1==' + Buffer.from(`partner_id=${apiKey}&sig=${sig}:${data}`).toString('base64');
}

/** An OpenTok JWT client token (HS256 with the API secret). */
export function opentokClientToken(apiKey: string, apiSecret: string, sessionId: string, f: TokenFields = {}): Promise<string> {
  const t = now();
  const exp = f.expireTime ?? t + 3600;
  return new SignJWT({
    iss: apiKey,
    ist: 'project',
    iat: f.iat ?? t,
    exp,
    session_id: sessionId,
    create_time: t,
    nonce: Math.random(),
    role: f.role ?? 'publisher',
    expire_time: exp,
    ...(f.data !== undefined ? { connection_data: f.data } : {}),
    initial_layout_class_list: f.layout ?? '',
    scope: f.scope ?? 'session.connect',
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(apiSecret));
}

/** A Vonage JWT client token (RS256 with the application key). */
export async function vonageClientToken(
  applicationId: string,
  privateKey: string,
  sessionId: string,
  f: TokenFields = {},
): Promise<string> {
  const t = now();
  return new SignJWT({
    application_id: applicationId,
    iat: f.iat ?? t,
    exp: f.expireTime ?? t + 3600,
    jti: randomUUID(),
    sub: 'video',
    acl: { paths: { '/session/**': {} } },
    session_id: sessionId,
    role: f.role ?? 'publisher',
    ...(f.data !== undefined ? { connection_data: f.data } : {}),
    initial_layout_class_list: f.layout ?? '',
    scope: f.scope ?? 'session.connect',
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .sign(await importPKCS8(privateKey, 'RS256'));
}

/** A valid client token of the project behind `scheme`. */
export function clientToken(emu: Emulator, scheme: Scheme, sessionId: string, f: TokenFields = {}): Promise<string> {
  const { opentok, vonage } = emu.credentials;
  return scheme === 'opentok'
    ? opentokClientToken(opentok.apiKey, opentok.apiSecret, sessionId, f)
    : vonageClientToken(vonage.applicationId, vonage.privateKey, sessionId, f);
}

/** Creates a routed session and joins one publishing client: what archives and broadcasts need. */
export async function liveSession(
  emu: Emulator,
  api: Rest,
  fields?: Record<string, string>,
): Promise<{ sessionId: string; connectionId: string; streamId: string }> {
  const sessionId = await api.session(fields);
  const { connectionId } = await emu.control.join(sessionId, await clientToken(emu, api.scheme, sessionId, { role: 'moderator' }));
  const { streamId } = await emu.control.publish(sessionId, connectionId);
  return { sessionId, connectionId, streamId };
}

/** Polls until `check` returns a value (or throws after `ms`). */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
