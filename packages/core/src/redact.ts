// Everything that leaves the pipeline for hooks, logs or errors goes through here first. Every
// pattern is linear in the length of its input: the text comes from the API or from callers, so a
// pattern that backtracks would let a long body stall the event loop.

/** What replaces a secret in hooks, logs and error bodies. */
export const REDACTED = '[redacted]';

/** Strings longer than this are cut in hook and log payloads and in error bodies. */
export const MAX_SHOWN_LENGTH = 2000;
/** Nesting below this depth is replaced, not copied: a deep body cannot smuggle a value past. */
const MAX_DEPTH = 20;

/**
 * A compact JWS (REST or client JWT), a legacy T1 token, or a PEM block. The JWS must start where a
 * run of base64url characters starts (the lookbehind): tried from inside a run, the pattern would
 * rescan the rest of the run from every position, which is quadratic.
 */
const SECRET_TEXT = /(?<![\w-])eyJ[\w-]*\.[\w-]+\.[\w-]*|T1==[A-Za-z0-9+/=]+|-----BEGIN [A-Z ]+-----[\s\S]*?(?:-----END [A-Z ]+-----|$)/g;
/** `name=value` in a URL query or a form body; neither part may hold the characters that start one. */
const QUERY_PARAM = /([?&;])([^=&;?#\s"'<>]+)=([^&;#\s"'<>]*)/g;

/**
 * Names (of headers, body fields and query parameters) whose values are secrets, compared in lower
 * case without `-` and `_`: `X-Api-Key`, `api_key` and `apiKey` are one name.
 */
const SECRET_SUFFIX = /(token|secret|password|passwd|apikey|privatekey|signature|authorization|credentials?)$/;
const SECRET_NAMES = new Set(['key', 'sig', 'auth', 'xopentokauth', 'cookie', 'setcookie', 'passphrase']);

const normalise = (name: string): string => name.toLowerCase().replace(/[-_]/g, '');

/** Replaces secrets in hook, log and error payloads. */
export interface Redactor {
  /** The text with tokens, PEM blocks and secret query values replaced. */
  text(text: string): string;
  /** A copy of the headers with the values of secret-named ones replaced. */
  headers(headers: Record<string, string>): Record<string, string>;
  /** A deep copy with secret-named fields and token-shaped strings replaced, long strings cut. */
  value(value: unknown): unknown;
}

/**
 * A redactor that also treats `extraNames` as secret (header names, body field names and query
 * parameter names, matched like the built-in ones).
 */
export function createRedactor(extraNames: readonly string[] = []): Redactor {
  const extra = new Set(extraNames.map(normalise));
  const isSecret = (name: string): boolean => {
    const n = normalise(name);
    return SECRET_SUFFIX.test(n) || SECRET_NAMES.has(n) || extra.has(n);
  };
  const text = (input: string): string =>
    input
      .replace(SECRET_TEXT, REDACTED)
      .replace(QUERY_PARAM, (whole, start: string, name: string) => (isSecret(name) ? `${start}${name}=${REDACTED}` : whole));
  const value = (input: unknown, depth: number): unknown => {
    if (typeof input === 'string') return shorten(text(input));
    if (typeof input !== 'object' || input === null) return input;
    if (depth >= MAX_DEPTH) return '[too deep]';
    if (Array.isArray(input)) return input.map((v) => value(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(input)) {
      const copy = isSecret(key) && v !== undefined && v !== null ? REDACTED : value(v, depth + 1);
      // A "__proto__" key (JSON.parse makes it an own property) must stay a property, not become
      // the copy's prototype.
      if (key === '__proto__') Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
      else out[key] = copy;
    }
    return out;
  };
  return {
    text,
    headers(headers) {
      const out: Record<string, string> = {};
      for (const [name, v] of Object.entries(headers)) out[name] = isSecret(name) ? REDACTED : text(v);
      return out;
    },
    value: (input) => value(input, 0),
  };
}

/** Cuts a string to {@link MAX_SHOWN_LENGTH} characters, saying how much was left out. */
export function shorten(text: string): string {
  return text.length > MAX_SHOWN_LENGTH ? `${text.slice(0, MAX_SHOWN_LENGTH)}… [${text.length - MAX_SHOWN_LENGTH} more characters]` : text;
}

const defaults = createRedactor();

/** Replaces JWTs, T1 tokens, PEM blocks and secret-named URL query values in `text`. */
export const redactText = (text: string): string => defaults.text(text);
/** Replaces the values of secret-named headers and redacts the others' text. */
export const redactHeaders = (headers: Record<string, string>): Record<string, string> => defaults.headers(headers);
/** A deep copy with secret-named fields and token-shaped strings replaced, long strings cut. */
export const redactValue = (value: unknown): unknown => defaults.value(value);
