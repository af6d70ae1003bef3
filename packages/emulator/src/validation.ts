import { badRequest } from './errors.js';

/** A parsed JSON object body. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body as an object; a missing body counts as `{}` where `optional` (stop calls send none). */
export function requireObject(value: unknown, what = 'Request body', optional = false): JsonObject {
  if (value === null || value === undefined) {
    if (optional) return {};
    throw badRequest(`${what} is required and must be a JSON object`);
  }
  if (!isObject(value)) throw badRequest(`${what} must be a JSON object`);
  return value;
}

// JSON null counts as absent: Python SDKs send null for unset options.
const absent = (value: unknown): boolean => value === undefined || value === null;

export function optString(obj: JsonObject, key: string, limits: { min?: number; max?: number } = {}): string | undefined {
  const value = obj[key];
  if (absent(value)) return undefined;
  if (typeof value !== 'string') throw badRequest(`"${key}" must be a string`);
  if (limits.min !== undefined && value.length < limits.min) {
    throw badRequest(`"${key}" must be at least ${limits.min} characters long`);
  }
  if (limits.max !== undefined && value.length > limits.max) {
    throw badRequest(`"${key}" must be at most ${limits.max} characters long`);
  }
  return value;
}

export function reqString(obj: JsonObject, key: string, limits: { min?: number; max?: number } = {}): string {
  const value = optString(obj, key, limits);
  if (value === undefined || value === '') throw badRequest(`"${key}" is required`);
  return value;
}

export function optBool(obj: JsonObject, key: string): boolean | undefined {
  const value = obj[key];
  if (absent(value)) return undefined;
  if (typeof value !== 'boolean') throw badRequest(`"${key}" must be a boolean`);
  return value;
}

export function optInt(obj: JsonObject, key: string, min: number, max: number): number | undefined {
  const value = obj[key];
  if (absent(value)) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw badRequest(`"${key}" must be an integer`);
  if (value < min || value > max) throw badRequest(`"${key}" must be between ${min} and ${max}`);
  return value;
}

export function optEnum<T extends string>(obj: JsonObject, key: string, values: readonly T[]): T | undefined {
  const value = obj[key];
  if (absent(value)) return undefined;
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    throw badRequest(`"${key}" must be one of ${values.join(', ')}`);
  }
  return value as T;
}

export function optStringArray(obj: JsonObject, key: string): string[] | undefined {
  const value = obj[key];
  if (absent(value)) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw badRequest(`"${key}" must be an array of strings`);
  }
  return [...value] as string[];
}

export function optObject(obj: JsonObject, key: string): JsonObject | undefined {
  const value = obj[key];
  if (absent(value)) return undefined;
  if (!isObject(value)) throw badRequest(`"${key}" must be an object`);
  return value;
}

/** A map of string values (SIP or WebSocket headers), copied onto a prototype-less object. */
export function optStringMap(obj: JsonObject, key: string): Record<string, string> | undefined {
  const value = optObject(obj, key);
  if (value === undefined) return undefined;
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw badRequest(`"${key}.${name}" must be a string`);
    out[name] = v;
  }
  return { ...out };
}

export const RESOLUTIONS = ['640x480', '480x640', '1280x720', '720x1280', '1920x1080', '1080x1920'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** `offset` and `count` of a list call: offset ≥ 0, 0 ≤ count ≤ 1000, count 50 by default. */
export function readPage(query: URLSearchParams): { offset: number; count: number } {
  const read = (name: string, fallback: number, max: number): number => {
    const text = query.get(name);
    if (text === null || text === '') return fallback;
    if (!/^\d+$/.test(text)) throw badRequest(`"${name}" must be a non-negative integer`);
    const value = Number(text);
    if (value > max) throw badRequest(`"${name}" must be at most ${max}`);
    return value;
  };
  return { offset: read('offset', 0, Number.MAX_SAFE_INTEGER), count: read('count', 50, 1000) };
}

/** One page of `items` (already newest first) with the total count, as the list endpoints answer. */
export function page<T>(items: readonly T[], query: URLSearchParams): { count: number; items: T[] } {
  const { offset, count } = readPage(query);
  return { count: items.length, items: items.slice(offset, offset + count) };
}

/**
 * A short, printable description of a value received in a request, for error messages. Never
 * calls the value's own `toString`/`valueOf` (a JSON object may carry keys of those names, and
 * `String()` of such an object throws), and never returns more than `max` characters.
 */
export function describeValue(value: unknown, max = 100): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? typeof value;
  } catch {
    text = Array.isArray(value) ? 'an array' : typeof value;
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Whether `value` can be written back as JSON (very deep nesting overflows the stack). */
export function isSerializable(value: unknown): boolean {
  try {
    JSON.stringify(value);
    return true;
  } catch {
    return false;
  }
}
