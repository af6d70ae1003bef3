import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ClientRole, ClientTokenFormat } from './control-types.js';
import { ApiError } from './errors.js';
import { checkTimes, decodeJwt, hasValidSignature, nowSeconds } from './jwt.js';
import type { Project } from './projects.js';
import { describeValue } from './validation.js';

/** What {@link checkTimes} says about a token whose `exp` has passed. */
const EXPIRED = 'token expired';

export const ROLES: readonly ClientRole[] = ['subscriber', 'publisher', 'publisheronly', 'moderator'];

/** A client token that passed every check, reduced to what a connection needs. */
export interface VerifiedClientToken {
  format: ClientTokenFormat;
  project: Project;
  sessionId: string;
  role: ClientRole;
  data: string | undefined;
  layoutClassList: string[];
}

/**
 * Why a client token was refused; the caller decides the HTTP status. `kind` marks the two refusals
 * that the REST API reports with codes of their own: a token of another session, an expired one.
 */
export class TokenRejected extends Error {
  readonly kind: 'session' | 'expired' | undefined;
  constructor(message: string, kind?: 'session' | 'expired') {
    super(message);
    this.name = 'TokenRejected';
    this.kind = kind;
  }
}

/** The session a token is checked against. */
export interface TokenTarget {
  /** The session ID. */
  id: string;
  project: Project;
}

/**
 * Verifies a client (connection) token for `target` as the service does when a client connects:
 * legacy T1 (HMAC-SHA1 with the API secret), OpenTok JWT (HS256 with the API secret) or Vonage JWT
 * (RS256 with the application key); then expiry, role, scope, session and project.
 */
export async function verifyClientToken(
  token: unknown,
  target: TokenTarget,
  projects: readonly Project[],
): Promise<VerifiedClientToken> {
  if (typeof token !== 'string' || token === '') throw new TokenRejected('token is required');
  const fields = token.startsWith('T1==') ? verifyT1(token, projects) : await verifyJwt(token, projects);
  if (fields.sessionId !== target.id) {
    throw new TokenRejected(`token is for session ${fields.sessionId}, not ${target.id}`, 'session');
  }
  if (fields.project !== target.project) {
    throw new TokenRejected(
      `token was created by project ${fields.project.key}, but the session belongs to project ${target.project.key}`,
    );
  }
  return fields;
}

function readRole(value: unknown): ClientRole {
  if (value === undefined || value === null || value === '') return 'publisher';
  if (typeof value !== 'string' || !(ROLES as readonly string[]).includes(value)) {
    throw new TokenRejected(`invalid role ${describeValue(value)}: expected one of ${ROLES.join(', ')}`);
  }
  return value as ClientRole;
}

function readLayout(value: unknown): string[] {
  return typeof value === 'string' ? value.split(/\s+/).filter((c) => c !== '') : [];
}

function verifyT1(token: string, projects: readonly Project[]): VerifiedClientToken {
  const bytes = Buffer.from(token.slice(4).replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  const colon = bytes.indexOf(0x3a);
  if (colon < 0) throw new TokenRejected('invalid T1 token: expected "partner_id=…&sig=…:DATA"');
  const head = new URLSearchParams(bytes.subarray(0, colon).toString('latin1'));
  const dataBytes = bytes.subarray(colon + 1);
  const partnerId = head.get('partner_id');
  const sig = head.get('sig');
  if (!partnerId || !sig) throw new TokenRejected('invalid T1 token: missing partner_id or sig');
  const project = projects.find((p) => p.kind === 'opentok' && p.key === partnerId);
  if (!project?.secret) throw new TokenRejected(`unknown partner_id ${partnerId}`);
  const expected = createHmac('sha1', project.secret).update(dataBytes).digest();
  const given = /^[0-9a-fA-F]{40}$/.test(sig) ? Buffer.from(sig, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new TokenRejected('invalid T1 token signature');
  }
  const data = new URLSearchParams(dataBytes.toString('utf8'));
  const scope = data.get('scope');
  if (scope !== null && scope !== 'session.connect') throw new TokenRejected(`invalid scope ${describeValue(scope)}`);
  const now = nowSeconds();
  const expire = Number(data.get('expire_time') ?? Number(data.get('create_time') ?? now) + 86_400);
  if (!Number.isFinite(expire)) throw new TokenRejected('invalid expire_time');
  if (expire <= now) throw new TokenRejected('token expired', 'expired');
  const createTime = Number(data.get('create_time') ?? now);
  if (createTime > now + 30) throw new TokenRejected('issued time cannot be greater than current time');
  const sessionId = data.get('session_id');
  if (!sessionId) throw new TokenRejected('missing session_id');
  return {
    format: 't1',
    project,
    sessionId,
    role: readRole(data.get('role')),
    data: data.get('connection_data') ?? undefined,
    layoutClassList: readLayout(data.get('initial_layout_class_list') ?? undefined),
  };
}

async function verifyJwt(token: string, projects: readonly Project[]): Promise<VerifiedClientToken> {
  const decoded = decodeJwt(token);
  if (!decoded) throw new TokenRejected('invalid token format: expected a T1 token or a JWT');
  const { header, claims } = decoded;
  const alg = header['alg'];
  let project: Project | undefined;
  let format: ClientTokenFormat;
  if (alg === 'RS256') {
    format = 'vonage-jwt';
    const appId = claims['application_id'];
    if (typeof appId !== 'string') throw new TokenRejected('missing application_id claim');
    project = projects.find((p) => p.kind === 'vonage' && p.key === appId);
    if (!project?.publicKey) throw new TokenRejected(`unknown application_id ${appId}`);
    if (!(await hasValidSignature(token, 'RS256', project.publicKey))) throw new TokenRejected('invalid token signature');
  } else if (alg === 'HS256') {
    format = 'opentok-jwt';
    const iss = claims['iss'];
    if (typeof iss !== 'string' && typeof iss !== 'number') throw new TokenRejected('missing iss claim');
    project = projects.find((p) => p.kind === 'opentok' && p.key === String(iss));
    if (!project?.secret) throw new TokenRejected(`unknown API key ${String(iss)}`);
    if (!(await hasValidSignature(token, 'HS256', project.secret))) throw new TokenRejected('invalid token signature');
    const ist = claims['ist'] ?? header['ist'];
    if (ist !== undefined && ist !== 'project') throw new TokenRejected(`invalid ist claim ${describeValue(ist)}`);
  } else {
    throw new TokenRejected(`unsupported token algorithm ${describeValue(alg)}: expected RS256 or HS256`);
  }
  // Some SDKs put the expiry only in expire_time (or omit exp when no expiry was asked for).
  const withExp = claims['exp'] === undefined && typeof claims['expire_time'] === 'number'
    ? { ...claims, exp: claims['expire_time'] }
    : claims;
  const problem = checkTimes(withExp, nowSeconds(), { requireIat: false, requireExp: format === 'vonage-jwt' });
  if (problem) throw new TokenRejected(problem, problem === EXPIRED ? 'expired' : undefined);
  if (claims['scope'] !== 'session.connect') {
    throw new TokenRejected(`invalid scope ${describeValue(claims['scope'])}: expected "session.connect"`);
  }
  const sessionId = claims['session_id'];
  if (typeof sessionId !== 'string' || sessionId === '') throw new TokenRejected('missing session_id claim');
  const data = claims['connection_data'];
  return {
    format,
    project,
    sessionId,
    role: readRole(claims['role']),
    data: typeof data === 'string' ? data : undefined,
    layoutClassList: readLayout(claims['initial_layout_class_list'] ?? claims['initial_layout_list']),
  };
}

/**
 * The 403 codes the API gives for a client token in a REST body (OpenAPI 0.3.2 `/render` 403;
 * rest-api-2026.md N8): 10007 when it was made for another session, 10012 when it has expired.
 */
export const TOKEN_SESSION_MISMATCH = 10007;
export const TOKEN_EXPIRED = 10012;

/**
 * Verifies a client token passed in a REST body (SIP dial, Audio Connector, render, captions): a
 * token of another session is a 403 with code 10007, an expired one a 403 with code 10012, as the
 * service answers; any other refusal is a 400 naming the reason, and so is a role not in `roles`.
 */
export async function verifyBodyToken(
  token: unknown,
  target: TokenTarget,
  projects: readonly Project[],
  roles: readonly ClientRole[] = ROLES,
): Promise<VerifiedClientToken> {
  let verified: VerifiedClientToken;
  try {
    verified = await verifyClientToken(token, target, projects);
  } catch (error) {
    if (!(error instanceof TokenRejected)) throw error;
    if (error.kind === 'session') {
      throw new ApiError(403, `Token does not match the session ID: ${error.message}`, TOKEN_SESSION_MISMATCH);
    }
    if (error.kind === 'expired') throw new ApiError(403, `Expired token: ${error.message}`, TOKEN_EXPIRED);
    throw new ApiError(400, `Invalid token: ${error.message}`);
  }
  if (!roles.includes(verified.role)) {
    throw new ApiError(400, `Invalid token: the role must be ${roles.join(' or ')} (got ${verified.role})`);
  }
  return verified;
}
