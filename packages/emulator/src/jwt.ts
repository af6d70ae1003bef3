import type { KeyObject } from 'node:crypto';
import { compactVerify } from 'jose';

/** The two parts of a compact JWT that can be read without a key. */
export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

function decodePart(part: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a compact JWT's header and claims without verifying anything; undefined when malformed. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const header = decodePart(parts[0] ?? '');
  const claims = decodePart(parts[1] ?? '');
  return header && claims ? { header, claims } : undefined;
}

/** Whether `token` carries a valid `alg` signature made with `key` (jose does the cryptography). */
export async function hasValidSignature(token: string, alg: 'HS256' | 'RS256', key: KeyObject | Uint8Array): Promise<boolean> {
  try {
    await compactVerify(token, key, { algorithms: [alg] });
    return true;
  } catch {
    return false;
  }
}

/** How far in the future `iat` may be before a token is refused, for clock differences. */
export const IAT_LEEWAY_SECONDS = 30;

/**
 * Checks `iat` and `exp` (epoch seconds): the reason a token is refused, or undefined when its times
 * are acceptable. `maxLifetime` bounds `exp - iat` (the OpenTok REST scheme allows 300 s).
 */
export function checkTimes(
  claims: Record<string, unknown>,
  now: number,
  rules: { requireIat: boolean; requireExp: boolean; maxLifetime?: number },
): string | undefined {
  const { iat, exp } = claims;
  if (iat !== undefined && typeof iat !== 'number') return 'iat claim must be a number';
  if (exp !== undefined && typeof exp !== 'number') return 'exp claim must be a number';
  if (rules.requireIat && iat === undefined) return 'missing iat claim';
  if (rules.requireExp && exp === undefined) return 'missing exp claim';
  if (typeof iat === 'number' && iat > now + IAT_LEEWAY_SECONDS) {
    return 'issued time cannot be greater than current time';
  }
  if (typeof exp === 'number' && exp <= now) return 'token expired';
  if (rules.maxLifetime !== undefined && typeof iat === 'number' && typeof exp === 'number') {
    if (exp - iat > rules.maxLifetime) {
      return `token lifetime too long: exp - iat must be at most ${rules.maxLifetime} seconds (got ${exp - iat})`;
    }
  }
  return undefined;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
