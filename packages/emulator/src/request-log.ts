import type { RequestLogEntry } from './control-types.js';
import { isSerializable } from './validation.js';

const REDACTED = '[redacted]';
const SECRET_HEADERS = new Set(['authorization', 'x-opentok-auth']);

/** Header names lower-cased, repeated headers joined with `, `, auth headers redacted. */
export function headersForLog(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = SECRET_HEADERS.has(name) ? REDACTED : value;
  return out;
}

/** Query parameters as an object; a repeated name gives an array. */
export function queryForLog(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of query) {
    const prior = out[name];
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
  private entries: { entry: RequestLogEntry; bytes: number }[] = [];
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
    this.entries.push({ entry: full, bytes });
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

  list(): RequestLogEntry[] {
    return this.entries.map((e) => e.entry);
  }

  clear(): void {
    this.entries = [];
    this.bytes = 0;
  }
}
