// The header rules shared by dial and the Audio Connector, as schemas.
import { lazy } from '@video/core/toolkit';
import * as z from 'zod/mini';

/** An HTTP/SIP header name (RFC 7230 / RFC 3261 token characters). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i;
/** A header value (RFC 7230 / RFC 3261): no control characters but the tab, so no line breaks. */
const HEADER_VALUE = /^[^\x00-\x08\x0a-\x1f\x7f]*$/;

const NAME_RULE = "is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)";
const VALUE_RULE = 'must not contain line breaks or other control characters';

/** A header name: token characters only. */
export const headerNameSchema = /* @__PURE__ */ lazy(() => z.string().check(z.regex(HEADER_NAME, { error: NAME_RULE })));

/**
 * Text that ends up in a SIP or HTTP header (a header value, the caller ID, the digest user name):
 * control characters such as CR/LF would let it start a header of its own. Empty is allowed
 * (header values); {@link headerTextSchema} is the non-empty form.
 */
export const headerValueSchema = /* @__PURE__ */ lazy(() => z.string().check(z.regex(HEADER_VALUE, { error: VALUE_RULE })));

/** Non-empty header text (the caller ID, the digest user name). */
export const headerTextSchema = /* @__PURE__ */ lazy(() => z.string().check(z.minLength(1), z.regex(HEADER_VALUE, { error: VALUE_RULE })));

/**
 * A `{name: value}` header map whose names pass `name` (a bad name is reported with that schema's
 * reason). A value left `undefined` is skipped (it never reaches the request), as with any other
 * unset option.
 */
export function headersSchema(name: z.ZodMiniType<string, string>) {
  // Checked key by key in a refinement rather than with z.record, which costs 2.5 KB of bundle.
  return z.custom<Record<string, string | undefined>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), {
    error: 'must be an object of header names and values',
  }).check(
    z.superRefine((headers, ctx) => {
      for (const [key, value] of Object.entries(headers)) {
        const reason =
          name.safeParse(key).error?.issues[0]?.message ??
          (value === undefined ? undefined : typeof value !== 'string' ? 'must be a string' : headerValueSchema().safeParse(value).error?.issues[0]?.message);
        if (reason) ctx.issues.push({ code: 'custom', path: [key], input: value, message: reason });
      }
    }),
  );
}

/** Bytes of the names and values of a header map, in UTF-8. */
export function headerBytes(headers: Record<string, string | undefined>): number {
  const encoder = new TextEncoder();
  let bytes = 0;
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) bytes += encoder.encode(name).length + encoder.encode(value).length;
  }
  return bytes;
}
