// The header checks shared by dial and the Audio Connector.
import { checkObject, checkString, VideoValidationError } from '@video/core';

/** An HTTP/SIP header name (RFC 7230 / RFC 3261 token characters). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i;
/** A header value (RFC 7230 / RFC 3261): no control characters but the tab, so no line breaks. */
const HEADER_VALUE = /^[^\x00-\x08\x0a-\x1f\x7f]*$/;

/**
 * Text that ends up in a SIP or HTTP header (a header value, the caller ID, the digest user name):
 * control characters such as CR/LF would let it start a header of its own.
 */
export function checkHeaderText(value: unknown, field: string, min = 1): string {
  return checkString(value, field, { min, pattern: HEADER_VALUE, patternHint: 'must not contain line breaks or other control characters' });
}

/** A `{name: value}` header map: token-character names, string values. Returns a copy. */
export function checkHeaders(value: unknown, field: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, v] of Object.entries(checkObject(value, field))) {
    if (v === undefined) continue;
    if (!HEADER_NAME.test(name)) {
      throw new VideoValidationError(`${field}.${name}`, 'is not a valid header name (letters, digits and !#$%&\'*+-.^_`|~ only)');
    }
    headers[name] = checkHeaderText(v, `${field}.${name}`, 0);
  }
  return headers;
}
