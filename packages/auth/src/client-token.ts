import { createCredentials, T1_NEEDS_OPENTOK, type Credentials, type CredentialsInput } from './credentials.js';
import { VideoValidationError } from './errors.js';
import { base64Text } from './encoding.js';
import { nowSeconds, signJwt } from './jwt.js';
import { sessionProjectKey } from './session-id.js';

/** What a client may do in a session. */
export type TokenRole = 'subscriber' | 'publisher' | 'publisheronly' | 'moderator';

/** The roles a client token can carry. */
export const TOKEN_ROLES: readonly TokenRole[] = ['subscriber', 'publisher', 'publisheronly', 'moderator'];

/** Options of {@link generateToken}. */
export interface TokenOptions {
  /** Default `'publisher'`. */
  role?: TokenRole;
  /**
   * When the token expires: a `Date`, or integer epoch **seconds**. At most 30 days ahead.
   * Give this or `expiresIn`, not both. Default: 24 hours from now.
   */
  expireTime?: Date | number;
  /** Seconds from now until the token expires (integer, at most 2 592 000 = 30 days). */
  expiresIn?: number;
  /** Connection data that other clients see, at most 1000 characters. */
  data?: string;
  /** Layout classes for the client's streams, joined with spaces (at most 1000 characters). */
  initialLayoutClassList?: readonly string[];
  /**
   * `'jwt'` (default): RS256 with Vonage credentials, HS256 with OpenTok credentials.
   * `'t1'`: the legacy OpenTok format, with OpenTok credentials only.
   */
  format?: 'jwt' | 't1';
}

/** How long a client token lasts when no expiry is given: 24 hours, in seconds. */
export const DEFAULT_TOKEN_LIFETIME = 24 * 60 * 60;
/** The longest a client token may last: 30 days, in seconds. */
export const MAX_TOKEN_LIFETIME = 30 * 24 * 60 * 60;
const MAX_DATA_LENGTH = 1000;
const MAX_LAYOUT_LENGTH = 1000;
/** Epoch seconds beyond this (year 5138) can only be milliseconds passed by mistake. */
const MILLISECONDS_THRESHOLD = 1e11;
/** In a `u` regex a surrogate pair is one code point, so this finds only unpaired halves. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const NOT_UNICODE = 'must be valid Unicode text (it holds an unpaired surrogate code unit)';
const OPTION_KEYS = /* @__PURE__ */ new Set(['role', 'expireTime', 'expiresIn', 'data', 'initialLayoutClassList', 'format']);

interface TokenFields {
  sessionId: string;
  role: TokenRole;
  now: number;
  expireTime: number;
  data: string | undefined;
  layout: string;
}

/**
 * Creates a client token for `sessionId`. Everything is checked first: an unknown role, an expiry
 * in the past, beyond 30 days, fractional or in milliseconds, oversized data, or a session of
 * another project all throw a `VideoValidationError` naming the option. Never touches the network.
 */
export async function generateToken(
  credentials: CredentialsInput | Credentials,
  sessionId: string,
  options: TokenOptions = {},
): Promise<string> {
  const creds = createCredentials(credentials);
  if (typeof options !== 'object' || options === null) {
    throw new VideoValidationError('options', 'must be an object');
  }
  // Own properties only: a value inherited from a polluted Object.prototype is not an option.
  const own: TokenOptions = Object.assign(Object.create(null), options);
  const fields = readTokenOptions(creds, sessionId, own);
  const format = own.format ?? 'jwt';
  if (format === 't1') return t1Token(creds, fields);
  return signJwt(jwtClaims(creds, fields), creds.signingKey());
}

function readTokenOptions(creds: Credentials, sessionId: string, options: TokenOptions): TokenFields {
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) {
      throw new VideoValidationError(key, `is not a token option (expected one of ${[...OPTION_KEYS].join(', ')})`);
    }
  }
  const projectKey = sessionProjectKey(sessionId);
  if (creds.mode === 'opentok' && projectKey !== creds.projectKey) {
    throw new VideoValidationError('sessionId', `belongs to project ${projectKey}, not to API key ${creds.projectKey}`);
  }
  const role = options.role ?? 'publisher';
  if (!TOKEN_ROLES.includes(role)) {
    throw new VideoValidationError('role', `must be one of ${TOKEN_ROLES.map((r) => JSON.stringify(r)).join(', ')}, got ${JSON.stringify(role)}`);
  }
  if (options.format !== undefined && options.format !== 'jwt' && options.format !== 't1') {
    throw new VideoValidationError('format', "must be 'jwt' or 't1'");
  }
  if (options.format === 't1' && creds.mode !== 'opentok') {
    throw new VideoValidationError('format', T1_NEEDS_OPENTOK);
  }
  const now = nowSeconds();
  const data = options.data;
  if (data !== undefined && (typeof data !== 'string' || data.length > MAX_DATA_LENGTH)) {
    throw new VideoValidationError('data', `must be a string of at most ${MAX_DATA_LENGTH} characters`);
  }
  if (data !== undefined && LONE_SURROGATE.test(data)) throw new VideoValidationError('data', NOT_UNICODE);
  return { sessionId, role, now, expireTime: readExpiry(options, now), data, layout: readLayout(options) };
}

function readExpiry(options: TokenOptions, now: number): number {
  const { expireTime, expiresIn } = options;
  if (expireTime !== undefined && expiresIn !== undefined) {
    throw new VideoValidationError('expiresIn', 'give expireTime or expiresIn, not both');
  }
  if (expiresIn !== undefined) {
    if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn <= 0) {
      throw new VideoValidationError('expiresIn', 'must be a positive integer number of seconds');
    }
    if (expiresIn > MAX_TOKEN_LIFETIME) {
      throw new VideoValidationError(
        'expiresIn',
        `must be at most ${MAX_TOKEN_LIFETIME} seconds (30 days), got ${expiresIn}` +
          (expiresIn >= 1000 * 60 ? ' (if that is milliseconds, divide by 1000)' : ''),
      );
    }
    return now + expiresIn;
  }
  if (expireTime === undefined) return now + DEFAULT_TOKEN_LIFETIME;
  let seconds: number;
  if (expireTime instanceof Date) {
    if (Number.isNaN(expireTime.getTime())) throw new VideoValidationError('expireTime', 'is an invalid Date');
    seconds = Math.floor(expireTime.getTime() / 1000);
  } else if (typeof expireTime === 'number' && Number.isFinite(expireTime)) {
    if (expireTime > MILLISECONDS_THRESHOLD) {
      throw new VideoValidationError(
        'expireTime',
        `${expireTime} looks like milliseconds; pass epoch seconds (Math.floor(ms / 1000)), a Date, or expiresIn`,
      );
    }
    if (!Number.isInteger(expireTime)) {
      throw new VideoValidationError('expireTime', `must be an integer number of epoch seconds, got ${expireTime}`);
    }
    seconds = expireTime;
  } else {
    throw new VideoValidationError('expireTime', 'must be a Date or an integer number of epoch seconds');
  }
  if (seconds <= now) throw new VideoValidationError('expireTime', 'is in the past');
  if (seconds > now + MAX_TOKEN_LIFETIME) {
    throw new VideoValidationError('expireTime', 'must be at most 30 days from now');
  }
  return seconds;
}

function readLayout(options: TokenOptions): string {
  const list = options.initialLayoutClassList;
  if (list === undefined) return '';
  if (!Array.isArray(list) || !list.every((c) => typeof c === 'string')) {
    throw new VideoValidationError('initialLayoutClassList', 'must be an array of strings');
  }
  list.forEach((name: string, i) => {
    const field = `initialLayoutClassList[${i}]`;
    // The classes travel joined by spaces: a space inside one would split it into two.
    if (name === '' || /\s/.test(name)) {
      throw new VideoValidationError(field, `must be one class name, without spaces, got ${JSON.stringify(name)}`);
    }
    if (LONE_SURROGATE.test(name)) throw new VideoValidationError(field, NOT_UNICODE);
  });
  const joined = list.join(' ');
  if (joined.length > MAX_LAYOUT_LENGTH) {
    throw new VideoValidationError(
      'initialLayoutClassList',
      `must be at most ${MAX_LAYOUT_LENGTH} characters when joined with spaces`,
    );
  }
  return joined;
}

// Nonces come from a pool of CSPRNG output: one getRandomValues call per 256 tokens instead of one
// per token (each call costs about as much as the rest of an HS256 token).
const nonces = /* @__PURE__ */ new Uint32Array(256);
let nextNonce = nonces.length;
function nonce(): number {
  if (nextNonce === nonces.length) {
    crypto.getRandomValues(nonces);
    nextNonce = 0;
  }
  return nonces[nextNonce++]! / 2 ** 32;
}

function jwtClaims(creds: Credentials, f: TokenFields): Record<string, unknown> {
  const common = {
    session_id: f.sessionId,
    role: f.role,
    initial_layout_class_list: f.layout,
    scope: 'session.connect',
    iat: f.now,
    exp: f.expireTime,
    jti: crypto.randomUUID(),
    ...(f.data === undefined ? {} : { connection_data: f.data }),
  };
  return creds.mode === 'vonage'
    ? { application_id: creds.projectKey, sub: 'video', acl: { paths: { '/session/**': {} } }, ...common }
    : {
        iss: creds.projectKey,
        ist: 'project',
        create_time: f.now,
        expire_time: f.expireTime,
        nonce: nonce(),
        ...common,
      };
}

async function t1Token(creds: Credentials, f: TokenFields): Promise<string> {
  const pairs: [string, string | number][] = [
    ['session_id', f.sessionId],
    ['create_time', f.now],
    ['nonce', nonce()],
    ['role', f.role],
    ['expire_time', f.expireTime],
  ];
  if (f.data !== undefined) pairs.push(['connection_data', f.data]);
  pairs.push(['initial_layout_class_list', f.layout], ['scope', 'session.connect']);
  const data = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  const sig = await creds.t1Key().sign(data, 'hex');
  return 'T1==' + base64Text(`partner_id=${creds.projectKey}&sig=${sig}:${data}`);
}
