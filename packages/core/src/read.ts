// Tolerant readers for API responses: a missing or mistyped field becomes undefined (or []) rather
// than an exception, so a new or absent field in a response never breaks a call. The one
// exception is the primary ID (`readId`): without it the result cannot be used at all.
import { InvalidResponseError } from './errors.js';
import type { Page } from './paginate.js';

/** A response object, as parsed from JSON: read it with the `read…` helpers. */
export type Raw = Record<string, unknown>;

/** The value when it is a plain object, else `{}`: a missing or odd body reads as empty. */
export function asObject(value: unknown): Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : {};
}

/** The field when it is a string, else undefined. */
export const readString = (raw: Raw, key: string): string | undefined =>
  typeof raw[key] === 'string' ? (raw[key] as string) : undefined;

/** The field when it is a finite number, else undefined. */
export const readNumber = (raw: Raw, key: string): number | undefined =>
  typeof raw[key] === 'number' && Number.isFinite(raw[key]) ? (raw[key] as number) : undefined;

/** The field when it is true or false, else undefined. */
export const readBoolean = (raw: Raw, key: string): boolean | undefined =>
  typeof raw[key] === 'boolean' ? (raw[key] as boolean) : undefined;

/** Epoch milliseconds as a `Date`, or undefined when the field is missing or not a number. */
export function readDate(raw: Raw, key: string): Date | undefined {
  const ms = readNumber(raw, key);
  return ms === undefined ? undefined : new Date(ms);
}

/**
 * The resource's primary ID. A response without it is not what the API documents, and a result
 * with an empty ID would only fail later, on the next call that uses it, pointing at the wrong
 * culprit: this fails now, with an `InvalidResponseError` naming the operation and the field.
 */
export function readId(raw: Raw, key: string, operation: string, response?: { status: number; requestId?: string }): string {
  const id = readString(raw, key);
  if (id) return id;
  throw new InvalidResponseError(`${operation}: the response has no ${key}`, {
    body: raw,
    status: response?.status,
    requestId: response?.requestId,
  });
}

/** The field when it is an array, else `[]`. */
export const readArray = (raw: Raw, key: string): unknown[] => (Array.isArray(raw[key]) ? (raw[key] as unknown[]) : []);

/** The strings of an array field (other items dropped), else `[]`. */
export const readStrings = (raw: Raw, key: string): string[] =>
  readArray(raw, key).filter((v): v is string => typeof v === 'string');

/** The project that owns a resource: `applicationId` (Vonage) or `projectId` (OpenTok). */
export function readOwner(raw: Raw): {
  /** The owning application, for Vonage credentials. */
  applicationId?: string;
  /** The owning project (API key), for OpenTok credentials. */
  projectId?: string;
} {
  const applicationId = readString(raw, 'applicationId');
  const projectId = raw.projectId === undefined ? undefined : String(raw.projectId);
  return { ...(applicationId ? { applicationId } : {}), ...(projectId ? { projectId } : {}) };
}

/** Reads a `{count, items}` list into `{items, totalCount}`; a count below the items' number (or not a count) is replaced by it. */
export function readPage<T>(body: unknown, item: (raw: Raw) => T): Page<T> {
  const raw = asObject(body);
  const items = readArray(raw, 'items').map((v) => item(asObject(v)));
  const count = readNumber(raw, 'count');
  return { items, totalCount: count !== undefined && Number.isSafeInteger(count) && count >= items.length ? count : items.length };
}
