// Tolerant readers for API responses: a missing or mistyped field becomes undefined (or []) rather
// than an exception, so a new or absent field in a response never breaks a call.

export type Raw = Record<string, unknown>;

export function asObject(value: unknown): Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : {};
}

export const readString = (raw: Raw, key: string): string | undefined =>
  typeof raw[key] === 'string' ? (raw[key] as string) : undefined;

export const readNumber = (raw: Raw, key: string): number | undefined =>
  typeof raw[key] === 'number' && Number.isFinite(raw[key]) ? (raw[key] as number) : undefined;

export const readBoolean = (raw: Raw, key: string): boolean | undefined =>
  typeof raw[key] === 'boolean' ? (raw[key] as boolean) : undefined;

export const readArray = (raw: Raw, key: string): unknown[] => (Array.isArray(raw[key]) ? (raw[key] as unknown[]) : []);

export const readStrings = (raw: Raw, key: string): string[] =>
  readArray(raw, key).filter((v): v is string => typeof v === 'string');

/** The project that owns a resource: `applicationId` (Vonage) or `projectId` (OpenTok). */
export function readOwner(raw: Raw): { applicationId?: string; projectId?: string } {
  const applicationId = readString(raw, 'applicationId');
  const projectId = raw.projectId === undefined ? undefined : String(raw.projectId);
  return { ...(applicationId ? { applicationId } : {}), ...(projectId ? { projectId } : {}) };
}

/** Reads a `{count, items}` list into `{items, totalCount}`; a count below the items' number (or not a count) is replaced by it. */
export function readPage<T>(body: unknown, item: (raw: Raw) => T): { items: T[]; totalCount: number } {
  const raw = asObject(body);
  const items = readArray(raw, 'items').map((v) => item(asObject(v)));
  const count = readNumber(raw, 'count');
  return { items, totalCount: count !== undefined && Number.isSafeInteger(count) && count >= items.length ? count : items.length };
}
