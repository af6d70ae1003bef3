// `@video/auth/verify`: checks a client token as the Video API does when a client connects. JWT
// signatures are checked by jose, so this entry is the only part of the package that has a
// third-party dependency; the main entry never imports it, and token-minting bundles stay free of
// jose.
import { decodeJwt, decodeProtectedHeader, exportJWK, importJWK, importPKCS8, jwtVerify, type JWTPayload } from 'jose';
import { MAX_TOKEN_LIFETIME, TOKEN_ROLES } from './client-token.js';
import { createCredentials, secretsOf, type Credentials, type CredentialsInput } from './credentials.js';
import { decodeClientToken, type DecodedClientToken } from './decode-token.js';
import { base64, fromBase64, utf8 } from './encoding.js';
import { VideoValidationError } from './errors.js';
import { nowSeconds } from './jwt.js';
import type { KeyMaterial } from './private-key.js';

export type { DecodedClientToken } from './decode-token.js';

/** Options of {@link verifyClientToken}. */
export interface VerifyClientTokenOptions {
  /**
   * The session the token must be for. A token for another session is refused (the API answers
   * such a token with 403, code 10007).
   */
  sessionId?: string;
}

/** The claims every format carries, read once the signature is known to be good. */
interface Claims {
  format: 'jwt' | 't1';
  sessionId: unknown;
  role: unknown;
  scope: unknown;
  /** Epoch seconds; undefined when the token has none. */
  expiresAt: number | undefined;
}

/** Leeway for the 30-day cap only: the token may come from a machine whose clock runs ahead. */
const CLOCK_SKEW = 60;
const NOT_A_TOKEN = 'is not a client token (neither a JWT nor a T1 token)';
const NOT_SIGNED = 'is not signed with these credentials';
const T1_PREFIX = 'T1==';

const refuse = (reason: string): never => {
  throw new VideoValidationError('token', reason);
};

const describe = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value.length > 256 ? `${value.slice(0, 256)}…` : value) : value === undefined ? 'none' : String(value);

const at = (seconds: number): string => {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
};

/**
 * Verifies a client token (a JWT or a legacy T1 token) against your credentials, and returns what
 * it says. It checks what the Video API checks when a client connects with the token:
 *
 * - the signature: RS256 with the application's key (its public half, derived from the private
 *   key) for application credentials; HS256 with the API secret, or for a T1 token HMAC-SHA1
 *   (compared in constant time), for project credentials. No other algorithm is accepted (`none`,
 *   or an HS256 token offered to RSA credentials, is refused);
 * - the expiry: present, not past, and at most 30 days ahead;
 * - the role (`subscriber`, `publisher`, `publisheronly` or `moderator`) and the scope
 *   (`session.connect`);
 * - the project: `application_id` (JWT of an application), `iss` (JWT of a project) or
 *   `partner_id` (T1) must be the credentials' own;
 * - the session, when `options.sessionId` is given.
 *
 * Useful where tokens pass through your own code: a gateway that checks a token before handing it
 * to a client, or to explain a 403 from the API about a token you sent in a request body (the
 * error's `apiCode` 10007: the token is for another session; 10012: it has expired; 10001: bad
 * format or signature) by checking the same token locally.
 *
 * Errors: `VideoValidationError` with `field` `'token'` and a message that names the check that
 * failed: `"Invalid token: has expired (at …)"`, `"… belongs to session …, not …"`, `"… is not
 * signed with these credentials"`, `"… has no expiry (exp)"`, `"… is signed with HS256, but …"` …;
 * a `VideoValidationError` on `sessionId` or `options` for bad options, and on the credentials'
 * fields as `createCredentials` throws it (also `privateKey` when it is a non-extractable
 * `CryptoKey`, whose public half cannot be derived).
 */
export async function verifyClientToken(
  token: string,
  credentials: CredentialsInput | Credentials,
  options: VerifyClientTokenOptions = {},
): Promise<DecodedClientToken> {
  const creds = createCredentials(credentials);
  const sessionId = readOptions(options);
  if (typeof token !== 'string') refuse('must be a string');
  if (token === '') refuse('must not be empty');
  const claims = token.startsWith(T1_PREFIX) ? await verifyT1(token, creds) : await verifyJwt(token, creds);
  checkClaims(claims, sessionId);
  return decodeClientToken(token);
}

function readOptions(options: unknown): string | undefined {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new VideoValidationError('options', 'must be an object such as { sessionId }');
  }
  // Own properties only: a value inherited from a polluted Object.prototype is not an option.
  const own: Record<string, unknown> = Object.assign(Object.create(null), options);
  // One option: any other key is a mistake.
  for (const key of Object.keys(own)) {
    if (key !== 'sessionId') throw new VideoValidationError(key, 'is not an option (expected sessionId)');
  }
  const sessionId = own.sessionId;
  if (sessionId !== undefined && (typeof sessionId !== 'string' || sessionId === '')) {
    throw new VideoValidationError('sessionId', 'must be a non-empty session ID string');
  }
  return sessionId as string | undefined;
}

function checkClaims(claims: Claims, sessionId: string | undefined): void {
  const now = nowSeconds();
  const { expiresAt } = claims;
  if (expiresAt === undefined) refuse(`has no expiry (${claims.format === 't1' ? 'expire_time' : 'exp'}): the API refuses such tokens`);
  else if (expiresAt <= now) refuse(`has expired (at ${at(expiresAt)})`);
  else if (expiresAt > now + MAX_TOKEN_LIFETIME + CLOCK_SKEW) refuse(`expires more than 30 days from now (at ${at(expiresAt)})`);
  if (claims.scope !== 'session.connect') refuse(`has the scope ${describe(claims.scope)}, not "session.connect"`);
  if (typeof claims.role !== 'string' || !(TOKEN_ROLES as readonly string[]).includes(claims.role)) {
    refuse(`has the role ${describe(claims.role)}, which is none of ${TOKEN_ROLES.join(', ')}`);
  }
  if (typeof claims.sessionId !== 'string' || claims.sessionId === '') refuse('names no session (session_id)');
  if (sessionId !== undefined && claims.sessionId !== sessionId) {
    refuse(`belongs to session ${describe(claims.sessionId)}, not ${describe(sessionId)}`);
  }
}

// ---- JWT ----------------------------------------------------------------------------------

/** What JWTs are verified with (the API secret's bytes, or the derived public key), once per credentials object. */
const verificationKeys = /* @__PURE__ */ new WeakMap<Credentials, Promise<CryptoKey | Uint8Array>>();

async function verifyJwt(token: string, creds: Credentials): Promise<Claims> {
  let header: { alg?: unknown };
  let unverified: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    unverified = decodeJwt(token);
  } catch {
    return refuse(NOT_A_TOKEN);
  }
  const expected = creds.mode === 'vonage' ? 'RS256' : 'HS256';
  if (header.alg !== expected) {
    refuse(
      `is signed with ${describe(header.alg)}, but client tokens of ${
        creds.mode === 'vonage' ? 'application credentials (applicationId, privateKey) are RS256' : 'project credentials (apiKey, apiSecret) are HS256'
      }`,
    );
  }
  // The project is named before the signature is checked: "another project's token" says more
  // than "not signed with these credentials", and nothing of an unverified token is returned.
  checkProject(unverified, creds);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, await verificationKey(creds), { algorithms: [expected], requiredClaims: ['exp'] }));
  } catch (error) {
    return refuse(joseReason(error));
  }
  return { format: 'jwt', sessionId: payload['session_id'], role: payload['role'], scope: payload['scope'], expiresAt: payload.exp };
}

function checkProject(claims: JWTPayload, creds: Credentials): void {
  if (creds.mode === 'vonage') {
    const id = claims['application_id'];
    if (typeof id !== 'string' || id === '') refuse('names no application (application_id)');
    else if (id.toLowerCase() !== creds.projectKey) refuse(`belongs to application ${describe(id)}, not to ${creds.projectKey}`);
    return;
  }
  const iss = typeof claims.iss === 'number' ? String(claims.iss) : claims.iss;
  if (typeof iss !== 'string' || iss === '') refuse('names no project (iss)');
  else if (iss !== creds.projectKey) refuse(`belongs to project ${describe(iss)}, not to API key ${creds.projectKey}`);
  if (claims['ist'] !== undefined && claims['ist'] !== 'project') refuse(`is not a project token (ist is ${describe(claims['ist'])})`);
}

/** What jose's error means for the token, in the words of the other checks. */
function joseReason(error: unknown): string {
  const { code, claim, reason, payload } = (error ?? {}) as { code?: string; claim?: string; reason?: string; payload?: JWTPayload };
  switch (code) {
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return NOT_SIGNED;
    case 'ERR_JWT_EXPIRED':
      return `has expired (at ${at(Number(payload?.exp))})`;
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (claim === 'exp' && reason === 'missing') return 'has no expiry (exp): the API refuses such tokens';
      if (claim === 'nbf' && reason === 'check_failed') return 'is not valid yet (nbf)';
      return `has an invalid ${claim ?? 'claim'} claim`;
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return NOT_A_TOKEN;
    default:
      throw error;
  }
}

/** The key jose verifies with: the API secret's bytes, or the public half of the application key. */
function verificationKey(creds: Credentials): Promise<CryptoKey | Uint8Array> {
  let key = verificationKeys.get(creds);
  if (!key) {
    const secrets = secretsOf(creds);
    key = creds.mode === 'opentok' ? Promise.resolve(utf8(secrets?.apiSecret ?? '')) : publicKeyOf(secrets?.keyMaterial);
    verificationKeys.set(creds, key);
    // A key that cannot be derived is not cached: the next call reports it again.
    key.catch(() => verificationKeys.delete(creds));
  }
  return key;
}

const notDerivable = (reason: string) => new VideoValidationError('privateKey', reason);

async function publicKeyOf(material: KeyMaterial | undefined): Promise<CryptoKey> {
  let privateKey: CryptoKey;
  if (!material) throw notDerivable('is missing');
  if (material.kind === 'cryptoKey') {
    if (!material.key.extractable) {
      throw notDerivable(
        'is a non-extractable CryptoKey, whose public half cannot be derived to verify tokens: pass the key as PEM text, bytes, a KeyObject or an extractable CryptoKey',
      );
    }
    privateKey = material.key;
  } else {
    try {
      const pem = `-----BEGIN PRIVATE KEY-----\n${base64(material.der)}\n-----END PRIVATE KEY-----`;
      privateKey = await importPKCS8(pem, 'RS256', { extractable: true });
    } catch {
      throw notDerivable('could not be imported as an RSA private key (is it an RSA key in PKCS#8 or PKCS#1 form?)');
    }
  }
  const { n, e } = await exportJWK(privateKey);
  return (await importJWK({ kty: 'RSA', n, e }, 'RS256')) as CryptoKey;
}

// ---- T1 -----------------------------------------------------------------------------------

/** The HMAC-SHA1 verification keys of project credentials, once per credentials object. */
const t1Keys = /* @__PURE__ */ new WeakMap<Credentials, Promise<CryptoKey>>();

async function verifyT1(token: string, creds: Credentials): Promise<Claims> {
  if (creds.mode !== 'opentok') {
    refuse('is a T1 token, which only project credentials (apiKey, apiSecret) sign; these are application credentials');
  }
  const bytes = fromBase64(token.slice(T1_PREFIX.length));
  const colon = bytes ? bytes.indexOf(0x3a) : -1;
  if (!bytes || colon < 0) return refuse('is not a valid T1 token (expected "partner_id=…&sig=…:…" in base64)');
  const head = new URLSearchParams(new TextDecoder().decode(bytes.subarray(0, colon)));
  const partnerId = head.get('partner_id');
  const sig = head.get('sig');
  if (!partnerId) refuse('names no project (partner_id)');
  else if (partnerId !== creds.projectKey) refuse(`belongs to project ${describe(partnerId)}, not to API key ${creds.projectKey}`);
  const data = bytes.subarray(colon + 1);
  if (!sig || !/^[0-9a-f]{40}$/i.test(sig) || !(await t1SignatureMatches(creds, sig, data))) refuse(NOT_SIGNED);
  const fields = new URLSearchParams(new TextDecoder().decode(data));
  const expireTime = fields.get('expire_time');
  return {
    format: 't1',
    sessionId: fields.get('session_id'),
    role: fields.get('role') ?? undefined,
    scope: fields.get('scope') ?? undefined,
    expiresAt: expireTime !== null && /^\d{1,12}$/.test(expireTime) ? Number(expireTime) : undefined,
  };
}

/** HMAC-SHA1 of the data with the API secret; Web Crypto's `verify` compares in constant time. */
async function t1SignatureMatches(creds: Credentials, sigHex: string, data: Uint8Array): Promise<boolean> {
  let key = t1Keys.get(creds);
  if (!key) {
    const secret = utf8(secretsOf(creds)?.apiSecret ?? '');
    key = crypto.subtle.importKey('raw', secret as BufferSource, { name: 'HMAC', hash: 'SHA-1' }, false, ['verify']);
    t1Keys.set(creds, key);
  }
  const sig = new Uint8Array(20);
  for (let i = 0; i < 20; i++) sig[i] = Number.parseInt(sigHex.slice(i * 2, i * 2 + 2), 16);
  return crypto.subtle.verify('HMAC', await key, sig as BufferSource, data as BufferSource);
}
