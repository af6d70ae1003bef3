// What GET /_emulator/requests hides unless it is asked to reveal secrets: client tokens (JWT- and
// T1-shaped text anywhere, and `token` fields) and passwords (SIP digest auth, any `password` key).
// Every scan is a single forward pass: a request body is caller input (up to 1 MiB), and a
// backtracking pattern over it would stall the emulator.

/** What a hidden secret is replaced with. */
export const REDACTED = '[redacted]';

/** Keys whose values are hidden at any depth of a JSON body, form or query, in any case. */
const SECRET_KEYS = new Set(['token', 'password']);

/** Shortest base64 run after `T1==` that counts as a T1 token. */
const MIN_T1_PAYLOAD = 8;

// 1: a base64url character (JWT parts); 2: also a standard-base64 character (T1 payloads).
const CHAR_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c += 1) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9_-]/.test(ch)) CHAR_CLASS[c] = 3;
  else if (ch === '+' || ch === '/' || ch === '=') CHAR_CLASS[c] = 2;
}

/** The end of the run of characters of `kind` (1: base64url, 2: base64 of either alphabet) from `from`. */
function runEnd(text: string, from: number, kind: 1 | 2): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c >= 128 || (CHAR_CLASS[c]! & kind) === 0) break;
    i += 1;
  }
  return i;
}

/** The end of a compact JWT (`eyJ…` `.` part `.` part) starting at `start`, or where the failed attempt's first part ends. */
function jwtAt(text: string, start: number): { end: number; ok: boolean } {
  const first = runEnd(text, start, 1);
  if (text.charCodeAt(first) === 0x2e) {
    const second = runEnd(text, first + 1, 1);
    if (second > first + 1 && text.charCodeAt(second) === 0x2e) return { end: runEnd(text, second + 1, 1), ok: true };
  }
  return { end: first, ok: false };
}

/**
 * Replaces every JWT-shaped (`eyJ…`.`…`.`…`) and T1-shaped (`T1==` + base64) substring with
 * `[redacted]`. Linear in the length of `text`: a failed JWT attempt skips its whole first part,
 * since every later start inside that run would end at the same place and fail the same way.
 */
export function redactTokens(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  let i = 0;
  let nextJwt = text.indexOf('eyJ');
  let nextT1 = text.indexOf('T1==');
  for (;;) {
    if (nextJwt !== -1 && nextJwt < i) nextJwt = text.indexOf('eyJ', i);
    if (nextT1 !== -1 && nextT1 < i) nextT1 = text.indexOf('T1==', i);
    if (nextJwt === -1 && nextT1 === -1) break;
    const isT1 = nextT1 !== -1 && (nextJwt === -1 || nextT1 < nextJwt);
    const start = isT1 ? nextT1 : nextJwt;
    let end: number;
    let ok: boolean;
    if (isT1) {
      end = runEnd(text, start + 4, 2);
      ok = end - (start + 4) >= MIN_T1_PAYLOAD;
    } else {
      ({ end, ok } = jwtAt(text, start));
    }
    if (ok) {
      parts.push(text.slice(copied, start), REDACTED);
      copied = end;
      i = end;
    } else {
      // A `T1==` may begin two characters before the end of a failed run (`…T1` then `==`).
      i = Math.max(start + 1, end - 2);
    }
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

const isSecretKey = (key: string): boolean => SECRET_KEYS.has(key.toLowerCase());
const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] => typeof value === 'object' && value !== null;

/** Sets an own property: a `__proto__` key from JSON.parse stays data and never becomes a prototype. */
function put(target: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A copy of a parsed JSON body, form or query with secrets hidden: the values of `token` and
 * `password` keys (unless empty) and token-shaped text in every string. Walks with an explicit
 * stack, so a body nested as deeply as JSON allows cannot overflow the call stack.
 */
export function redactValue(value: unknown): { value: unknown; changed: boolean } {
  let changed = false;
  const scrub = (text: string): string => {
    const out = redactTokens(text);
    if (out !== text) changed = true;
    return out;
  };
  if (typeof value === 'string') return { value: scrub(value), changed };
  if (!isContainer(value)) return { value, changed };
  const copy = (source: Record<string, unknown> | unknown[]) => (Array.isArray(source) ? new Array<unknown>(source.length) : {});
  const root = copy(value);
  const pending: [Record<string, unknown> | unknown[], Record<string, unknown> | unknown[]][] = [[value, root]];
  while (pending.length > 0) {
    const [source, target] = pending.pop()!;
    const entries: [string | number, unknown][] = Array.isArray(source) ? source.map((v, i) => [i, v]) : Object.entries(source);
    for (const [key, child] of entries) {
      if (typeof key === 'string' && isSecretKey(key) && child !== null && child !== '') {
        changed = true;
        put(target, key, REDACTED);
      } else if (typeof child === 'string') {
        put(target, key, scrub(child));
      } else if (isContainer(child)) {
        const inner = copy(child);
        put(target, key, inner);
        pending.push([child, inner]);
      } else {
        put(target, key, child);
      }
    }
  }
  return { value: root, changed };
}
