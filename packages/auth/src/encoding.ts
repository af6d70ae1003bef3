// Byte/text helpers over the Web platform only (no Buffer), so this package runs anywhere.

const encoder = /* @__PURE__ */ new TextEncoder();
const decoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: false });

export const utf8 = (text: string): Uint8Array => encoder.encode(text);
export const fromUtf8 = (bytes: Uint8Array): string => decoder.decode(bytes);

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = '';
  for (const b of view) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Latin-1 string ⇄ bytes, for btoa/atob which work on "binary strings". */
function toBinaryString(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]!);
  return out;
}

export const base64 = (bytes: Uint8Array): string => btoa(toBinaryString(bytes));

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Standard base64 of the UTF-8 bytes of `text`. ASCII text (JSON claims, T1 data, which are
 * percent-encoded) is its own binary string, so it skips the byte round trip.
 */
export const base64Text = (text: string): string => btoa(NON_ASCII.test(text) ? toBinaryString(utf8(text)) : text);

/** Base64url without padding (JWS), of bytes or of the UTF-8 bytes of a string. */
export const base64url = (input: Uint8Array | string): string =>
  (typeof input === 'string' ? base64Text(input) : base64(input)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

/** Normalises standard or URL-safe base64 (with or without padding) into a binary string, or undefined. */
export function fromBase64Binary(text: string): string | undefined {
  const normalised = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(normalised) || normalised.length % 4 === 1) return undefined;
  return atob(normalised + '='.repeat((4 - (normalised.length % 4)) % 4));
}

/**
 * Decodes standard or URL-safe base64, with or without padding. Returns undefined for text that
 * is not base64 at all.
 */
export function fromBase64(text: string): Uint8Array | undefined {
  const binary = fromBase64Binary(text);
  if (binary === undefined) return undefined;
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
