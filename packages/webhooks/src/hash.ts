// SHA-256 over Web Crypto, and comparisons whose time does not depend on where inputs differ.

/** The lowercase hex SHA-256 of `bytes`. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (byte) => (byte + 256).toString(16).slice(1)).join('');
}

/**
 * Whether two strings are equal, in time that depends only on their lengths (which are not
 * secret: a SHA-256 in hex is always 64 characters).
 */
export function timingSafeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i % (b.length || 1));
  return diff === 0;
}
