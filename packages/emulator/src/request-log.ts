import type { RequestLogEntry } from './control-types.js';
import { REDACTED, redactTokens, redactValue } from './log-redaction.js';
import { isSerializable } from './validation.js';

const SECRET_HEADERS = new Set(['authorization', 'x-opentok-auth']);

// The maps below are built without a prototype: names come from the request, and one named
// `__proto__` or `constructor` must stay a plain entry.
const emptyMap = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

/** Header names lower-cased, repeated headers joined with `, `, auth headers redacted. */
export function headersForLog(headers: Record<string, string>): Record<string, string> {
  const out = emptyMap<string>();
  for (const [name, value] of Object.entries(headers)) out[name] = SECRET_HEADERS.has(name) ? REDACTED : value;
  return out;
}

/** Query parameters as an object; a repeated name gives an array. */
export function queryForLog(query: URLSearchParams): Record<string, string | string[]> {
  const out = emptyMap<string | string[]>();
  for (const [name, value] of query) {
    const prior = Object.hasOwn(out, name) ? out[name] : undefined;
    out[name] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  return out;
}

/** The body as the log shows it: JSON parsed, form fields, or raw text by content type; null when empty. */
export function bodyForLog(rawBody: string, contentType: string | undefined): unknown {
  if (rawBody === '') return null;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      const parsed = JSON.parse(rawBody) as unknown;
      // A body nested too deeply to be written back is kept as text, so the log stays readable.
      return isSerializable(parsed) ? parsed : rawBody;
    } catch {
      return rawBody;
    }
  }
  if (type === 'application/x-www-form-urlencoded') return queryForLog(new URLSearchParams(rawBody));
  return rawBody;
}

/** The parts of an entry that differ once secrets are hidden. */
type SecretFreeParts = Pick<RequestLogEntry, 'headers' | 'query' | 'body' | 'rawBody'>;

const isFormBody = (entry: Omit<RequestLogEntry, 'seq'>): boolean =>
  (entry.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';

/**
 * The entry's headers, query and body with client tokens and passwords hidden, or undefined when
 * it holds none (then the entry is shown as it is). A JSON or form body that had a secret under a
 * key is written back from the redacted `body` for `rawBody`; any other body keeps its text with
 * the token-shaped parts replaced.
 */
function secretFreeParts(entry: Omit<RequestLogEntry, 'seq'>): SecretFreeParts | undefined {
  const headers = emptyMap<string>();
  let headersChanged = false;
  for (const [name, value] of Object.entries(entry.headers)) {
    headers[name] = redactTokens(value);
    if (headers[name] !== value) headersChanged = true;
  }
  const query = redactValue(entry.query);
  const body = redactValue(entry.body);
  let rawBody = redactTokens(entry.rawBody);
  if (body.changed && typeof body.value === 'object' && body.value !== null) {
    rawBody = isFormBody(entry)
      ? new URLSearchParams(
          Object.entries(body.value as Record<string, string | string[]>).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => [k, x])),
        ).toString()
      : JSON.stringify(body.value);
  }
  if (!headersChanged && !query.changed && !body.changed && rawBody === entry.rawBody) return undefined;
  return {
    headers,
    query: query.value as RequestLogEntry['query'],
    body: body.value,
    rawBody,
  };
}

/**
 * Bodies the log may hold in total, in bytes as they arrived. Each entry keeps its body twice (raw
 * and parsed), and a body may be up to `maxBodyBytes` (1 MiB): without this budget, 5000 large
 * requests would pin gigabytes and a hostile client could run the emulator out of memory.
 */
export const REQUEST_LOG_BODY_BUDGET = 64 * 1024 * 1024;

/**
 * The most recent REST requests, oldest first, capped at `limit` entries and at
 * {@link REQUEST_LOG_BODY_BUDGET} bytes of bodies (the oldest entries go first; the newest always stays).
 */
export class RequestLog {
  private entries: { entry: RequestLogEntry; bytes: number; secretFree: SecretFreeParts | undefined }[] = [];
  private seq = 0;
  private bytes = 0;

  constructor(
    private readonly limit: number,
    private readonly bodyBudget = REQUEST_LOG_BODY_BUDGET,
  ) {}

  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    this.seq += 1;
    const full: RequestLogEntry = { seq: this.seq, ...entry };
    const bytes = Buffer.byteLength(entry.rawBody);
    this.entries.push({ entry: full, bytes, secretFree: secretFreeParts(entry) });
    this.bytes += bytes;
    // Oldest first: past the entry limit, or past the body budget (the newest entry always stays).
    let drop = 0;
    const over = () =>
      this.entries.length - drop > this.limit || (this.bytes > this.bodyBudget && drop < this.entries.length - 1);
    while (drop < this.entries.length && over()) {
      this.bytes -= this.entries[drop]!.bytes;
      drop += 1;
    }
    if (drop > 0) this.entries.splice(0, drop);
    return full;
  }

  /**
   * The entries, oldest first. Client tokens and passwords are hidden unless `revealSecrets`; REST
   * auth headers are always hidden (the log never holds them).
   */
  list(options: { revealSecrets?: boolean } = {}): RequestLogEntry[] {
    if (options.revealSecrets) return this.entries.map((e) => e.entry);
    return this.entries.map((e) => (e.secretFree ? { ...e.entry, ...e.secretFree } : e.entry));
  }

  clear(): void {
    this.entries = [];
    this.bytes = 0;
  }
}
