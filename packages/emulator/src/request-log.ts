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

/** The most recent REST requests, oldest first, capped at `limit`. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly limit: number) {}

  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    this.seq += 1;
    const full: RequestLogEntry = { seq: this.seq, ...entry };
    this.entries.push(full);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    return full;
  }

  list(): RequestLogEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
