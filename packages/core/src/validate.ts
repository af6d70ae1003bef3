// Small checks shared by the operation packages. Each returns the value it checked (narrowed) or
// throws a VideoValidationError that names the field and says what was expected.
import { VideoValidationError } from '@video/auth';

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : typeof value;

export interface StringRules {
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** What the pattern means, for the error message. */
  patternHint?: string;
}

export function checkString(value: unknown, field: string, rules: StringRules = {}): string {
  const { min = 1, max, pattern, patternHint } = rules;
  if (typeof value !== 'string') throw new VideoValidationError(field, `must be a string, got ${describe(value)}`);
  if (value.length < min) {
    throw new VideoValidationError(field, min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
  }
  if (max !== undefined && value.length > max) throw new VideoValidationError(field, `must be at most ${max} characters`);
  if (pattern && !pattern.test(value)) throw new VideoValidationError(field, patternHint ?? `must match ${pattern}`);
  return value;
}

export function checkInteger(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new VideoValidationError(field, `must be an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

export function checkBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new VideoValidationError(field, `must be true or false, got ${describe(value)}`);
  return value;
}

export function checkOneOf<T extends string | number>(value: unknown, field: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new VideoValidationError(field, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

export function checkObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new VideoValidationError(field, `must be an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

export function checkStringArray(value: unknown, field: string, rules: StringRules & { maxItems?: number } = {}): string[] {
  if (!Array.isArray(value)) throw new VideoValidationError(field, `must be an array of strings, got ${describe(value)}`);
  if (rules.maxItems !== undefined && value.length > rules.maxItems) {
    throw new VideoValidationError(field, `must have at most ${rules.maxItems} items`);
  }
  return value.map((item, i) => checkString(item, `${field}[${i}]`, rules));
}

/** Rejects keys the operation does not know, so a typo (`expire_time`) is not silently ignored. */
export function checkKeys(value: Record<string, unknown>, field: string, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key) && value[key] !== undefined) {
      throw new VideoValidationError(field ? `${field}.${key}` : key, `is not a known option (expected one of ${allowed.join(', ')})`);
    }
  }
}

/** Applies `check` when the value is present; undefined passes through. */
export function optional<T>(value: unknown, check: (value: unknown) => T): T | undefined {
  return value === undefined ? undefined : check(value);
}
