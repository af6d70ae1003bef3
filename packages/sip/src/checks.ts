// The header check shared by dial and the Audio Connector.
import { checkObject, checkString, VideoValidationError } from '@video/core';

/** An HTTP/SIP header name (RFC 7230 / RFC 3261 token characters). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i;

/** A `{name: value}` header map: token-character names, string values. Returns a copy. */
export function checkHeaders(value: unknown, field: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, v] of Object.entries(checkObject(value, field))) {
    if (v === undefined) continue;
    if (!HEADER_NAME.test(name)) {
      throw new VideoValidationError(`${field}.${name}`, 'is not a valid header name (letters, digits and !#$%&\'*+-.^_`|~ only)');
    }
    headers[name] = checkString(v, `${field}.${name}`, { min: 0, pattern: /^[^\r\n]*$/, patternHint: 'must not contain line breaks' });
  }
  return headers;
}
