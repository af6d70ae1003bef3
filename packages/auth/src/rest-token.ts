import { createCredentials, type Credentials, type CredentialsInput } from './credentials.js';
import { nowSeconds, signJwt } from './jwt.js';

/** Lifetime of a REST auth token; the API allows at most 300 s between `iat` and `exp`. */
export const REST_TOKEN_LIFETIME = 300;
/** `iat` is set this many seconds in the past, so a server clock slightly behind ours still accepts it. */
export const REST_TOKEN_BACKDATE = 5;
/** A cached token is replaced once it has less than this many seconds left. */
const REFRESH_MARGIN = 60;

/** An HTTP header that authenticates a REST call. */
export interface AuthHeader {
  /** `Authorization` (Vonage, a Bearer JWT) or `X-OPENTOK-AUTH` (OpenTok). */
  name: 'Authorization' | 'X-OPENTOK-AUTH';
  /** The header value: a secret, never to be logged. */
  value: string;
}

interface Cached {
  /** Local time (epoch seconds) when the token was signed. */
  signedAt: number;
  refreshAt: number;
  header: Promise<AuthHeader>;
}

const cache = /* @__PURE__ */ new WeakMap<Credentials, Cached>();

/**
 * Signs a fresh REST auth token: RS256 `{application_id, iat, exp, jti}` for Vonage credentials,
 * HS256 `{iss, ist: 'project', iat, exp, jti}` for OpenTok credentials.
 */
export async function createRestToken(credentials: CredentialsInput | Credentials): Promise<string> {
  const creds = createCredentials(credentials);
  const iat = nowSeconds() - REST_TOKEN_BACKDATE;
  const exp = iat + REST_TOKEN_LIFETIME;
  const jti = crypto.randomUUID();
  const claims =
    creds.mode === 'vonage'
      ? { application_id: creds.projectKey, iat, exp, jti }
      : { iss: creds.projectKey, ist: 'project', iat, exp, jti };
  return signJwt(claims, creds.signingKey());
}

/**
 * The auth header for a REST call. The same token is handed out until shortly before it expires,
 * so a busy client signs about one token every four minutes rather than one per request. A token
 * signed "in the future" (the clock has since been set back) is not reused.
 */
export function restAuthHeader(credentials: CredentialsInput | Credentials): Promise<AuthHeader> {
  const creds = createCredentials(credentials);
  const now = nowSeconds();
  const hit = cache.get(creds);
  if (hit && now < hit.refreshAt && now >= hit.signedAt - REST_TOKEN_BACKDATE) return hit.header;
  const name = creds.mode === 'vonage' ? 'Authorization' : 'X-OPENTOK-AUTH';
  const header = createRestToken(creds).then((token) => ({
    name,
    value: name === 'Authorization' ? `Bearer ${token}` : token,
  })) as Promise<AuthHeader>;
  const entry: Cached = { signedAt: now, refreshAt: now + REST_TOKEN_LIFETIME - REST_TOKEN_BACKDATE - REFRESH_MARGIN, header };
  cache.set(creds, entry);
  header.catch(() => {
    if (cache.get(creds) === entry) cache.delete(creds);
  });
  return header;
}

/**
 * Forgets the cached REST token of these credentials, so the next call signs a new one. The
 * client calls it when the API answers 401 or 403: a token rejected once (issued by a clock that
 * was wrong, or before a key was rotated) is never sent again.
 */
export function discardRestToken(credentials: CredentialsInput | Credentials): void {
  cache.delete(createCredentials(credentials));
}
