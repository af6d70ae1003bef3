import { VideoValidationError } from './errors.js';
import { fromBase64, fromUtf8 } from './encoding.js';

/** What a client token says about itself. */
export interface DecodedClientToken {
  /** `'jwt'` or the legacy `'t1'` format. */
  format: 'jwt' | 't1';
  /** The session the token is for. */
  sessionId: string;
  /** The API key or application ID that signed the token. */
  projectKey: string | undefined;
  /** `'subscriber'`, `'publisher'`, `'publisheronly'` or `'moderator'`, as written in the token. */
  role: string | undefined;
  /** When the token was created. */
  issuedAt: Date | undefined;
  /** When the token stops being accepted. */
  expiresAt: Date | undefined;
  /** The connection data the token carries, if any. */
  data: string | undefined;
  /** Layout classes given to the client's streams. */
  initialLayoutClassList: string[];
}

const seconds = (v: unknown): Date | undefined =>
  v === undefined || v === null || v === '' || Number.isNaN(Number(v)) ? undefined : new Date(Number(v) * 1000);

/**
 * Reads a client token (JWT or T1) **without verifying its signature**: a debugging aid that shows
 * which session, role and expiry a token carries. Never use it to authorise anything.
 */
export function decodeClientToken(token: string): DecodedClientToken {
  if (typeof token !== 'string') throw new VideoValidationError('token', 'must be a string');
  if (token.startsWith('T1==')) {
    const text = fromBase64(token.slice(4));
    const colon = text ? fromUtf8(text).indexOf(':') : -1;
    if (!text || colon < 0) throw new VideoValidationError('token', 'is not a valid T1 token');
    const decoded = fromUtf8(text);
    const head = new URLSearchParams(decoded.slice(0, colon));
    const data = new URLSearchParams(decoded.slice(colon + 1));
    return {
      format: 't1',
      sessionId: data.get('session_id') ?? '',
      projectKey: head.get('partner_id') ?? undefined,
      role: data.get('role') ?? undefined,
      issuedAt: seconds(data.get('create_time') ?? undefined),
      expiresAt: seconds(data.get('expire_time') ?? undefined),
      data: data.get('connection_data') ?? undefined,
      initialLayoutClassList: (data.get('initial_layout_class_list') ?? '').split(' ').filter(Boolean),
    };
  }
  const part = token.split('.');
  const body = part.length === 3 ? fromBase64(part[1] ?? '') : undefined;
  let claims: Record<string, unknown>;
  try {
    claims = body ? (JSON.parse(fromUtf8(body)) as Record<string, unknown>) : {};
  } catch {
    claims = {};
  }
  if (typeof claims.session_id !== 'string') {
    throw new VideoValidationError('token', 'is neither a client JWT nor a T1 token');
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    format: 'jwt',
    sessionId: claims.session_id,
    projectKey: str(claims.application_id) ?? str(claims.iss),
    role: str(claims.role),
    issuedAt: seconds(claims.iat),
    expiresAt: seconds(claims.exp),
    data: str(claims.connection_data),
    initialLayoutClassList: (str(claims.initial_layout_class_list) ?? '').split(' ').filter(Boolean),
  };
}
