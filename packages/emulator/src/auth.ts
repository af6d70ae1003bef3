import type { RequestAuthInfo } from './control-types.js';
import { forbidden } from './errors.js';
import { checkTimes, decodeJwt, hasValidSignature, nowSeconds } from './jwt.js';
import type { Project } from './projects.js';
import { describeValue } from './validation.js';

/** Longest `exp - iat` the OpenTok scheme accepts. */
const OPENTOK_MAX_LIFETIME = 300;

interface PresentedToken {
  scheme: 'bearer' | 'opentok';
  token: string;
}

/** The REST token a request carries, if any. A Bearer header wins over X-OPENTOK-AUTH. */
export function presentedToken(headers: Record<string, string>): PresentedToken | undefined {
  const authorization = headers['authorization'];
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return { scheme: 'bearer', token: match?.[1] ?? '' };
  }
  const opentok = headers['x-opentok-auth'];
  if (opentok !== undefined) return { scheme: 'opentok', token: opentok.trim() };
  return undefined;
}

/**
 * What the request log shows about a request's auth: decoded, never verified, never the token.
 * It runs before authentication, on whatever the caller sent, so it must not throw: a non-string
 * `alg` is described as JSON text rather than converted with `String()`.
 */
export function describeAuth(headers: Record<string, string>): RequestAuthInfo | undefined {
  const presented = presentedToken(headers);
  const decoded = presented && decodeJwt(presented.token);
  if (!presented || !decoded) return undefined;
  const alg = decoded.header['alg'];
  return { scheme: presented.scheme, alg: typeof alg === 'string' ? alg : describeValue(alg), claims: decoded.claims };
}

/**
 * The claims that only client (connection) tokens carry: every SDK puts `scope: "session.connect"`
 * and `session_id` in them, and no SDK's REST token has either. `acl` and `sub` are not used: a
 * Vonage application JWT for other Vonage APIs may carry them.
 */
const CLIENT_TOKEN_CLAIMS = ['scope', 'session_id'] as const;

const CLIENT_TOKEN_REFUSED =
  'A client token cannot authenticate REST calls: it lets a client join one session. Sign a REST token with the ' +
  'project credentials instead (X-OPENTOK-AUTH: HS256 {iss, ist: "project", iat, exp}, or Authorization: Bearer: ' +
  'RS256 {application_id, iat, exp, jti})';

/** Why a presented token is a client token rather than a REST token, or undefined when it is not one. */
function clientTokenSign(token: string, claims: Record<string, unknown> | undefined): string | undefined {
  if (token.startsWith('T1==')) return 'it is a legacy T1 client token';
  const claim = CLIENT_TOKEN_CLAIMS.find((name) => claims !== undefined && Object.hasOwn(claims, name));
  return claim === undefined ? undefined : `it carries the client-token claim "${claim}"`;
}

/**
 * Authenticates a REST call the way the service does: `Authorization: Bearer` RS256 with
 * `application_id`, or `X-OPENTOK-AUTH` HS256 with `iss` and `ist: 'project'` and at most 300 s
 * between `iat` and `exp`. `pathKey` is the `{k}` of `/v2/project/{k}`; without it (session
 * creation) the token names the project. Throws a 403 ApiError saying what is wrong.
 */
export async function authenticate(
  headers: Record<string, string>,
  pathKey: string | undefined,
  projects: readonly Project[],
): Promise<Project> {
  const presented = presentedToken(headers);
  if (!presented) {
    throw forbidden('Missing authentication: send an X-OPENTOK-AUTH (HS256) or Authorization: Bearer (RS256) JWT');
  }
  const decoded = decodeJwt(presented.token);
  const clientSign = clientTokenSign(presented.token, decoded?.claims);
  if (clientSign) throw forbidden(`${CLIENT_TOKEN_REFUSED} (${clientSign})`);
  if (!decoded) throw forbidden('Invalid token format');
  const { header, claims } = decoded;
  const expectedAlg = presented.scheme === 'bearer' ? 'RS256' : 'HS256';
  if (header['alg'] !== expectedAlg) {
    const where = presented.scheme === 'bearer' ? 'Authorization: Bearer' : 'X-OPENTOK-AUTH';
    throw forbidden(`Invalid token algorithm ${describeValue(header['alg'])}: ${where} tokens must be signed ${expectedAlg}`);
  }

  const kind = presented.scheme === 'bearer' ? 'vonage' : 'opentok';
  const claimName = kind === 'vonage' ? 'application_id' : 'iss';
  const rawKey = claims[claimName];
  if (typeof rawKey !== 'string' && typeof rawKey !== 'number') throw forbidden(`Missing ${claimName} claim`);
  const tokenKey = String(rawKey);
  if (pathKey !== undefined && tokenKey !== pathKey) {
    throw forbidden(`The token's ${claimName} (${tokenKey}) does not match the project in the path (${pathKey})`);
  }
  const project = projects.find((p) => p.kind === kind && p.key === tokenKey);
  if (!project) {
    const other = projects.find((p) => p.key === tokenKey);
    throw forbidden(
      other
        ? `Project ${tokenKey} needs ${other.kind === 'vonage' ? 'an Authorization: Bearer RS256' : 'an X-OPENTOK-AUTH HS256'} token`
        : `Unknown ${kind === 'vonage' ? 'application ID' : 'API key'}: ${tokenKey}`,
    );
  }
  if (kind === 'opentok') {
    const ist = claims['ist'] ?? header['ist'];
    if (ist !== 'project') throw forbidden(`Invalid ist claim ${describeValue(ist)}: expected "project"`);
  }
  const key = kind === 'vonage' ? project.publicKey : project.secret;
  if (!key || !(await hasValidSignature(presented.token, expectedAlg, key))) throw forbidden('Invalid token signature');
  const problem = checkTimes(claims, nowSeconds(), {
    requireIat: true,
    requireExp: true,
    ...(kind === 'opentok' ? { maxLifetime: OPENTOK_MAX_LIFETIME } : {}),
  });
  if (problem) throw forbidden(problem);
  return project;
}
