// Field schemas shared by the event payloads. Only the cheapest parts of zod/mini are used
// (objects, strings, optional, transform; numbers and booleans are read by transforms, 1 KB less):
// a receiver of every event must stay within 40 KB with jose.
import * as z from 'zod/mini';

/**
 * An object that keeps the fields it does not list (a field the API adds later passes through to
 * the event). Its type lists the documented fields only; the others are on the event at run time
 * and on `raw`.
 */
export const passthrough = <S extends z.core.$ZodLooseShape>(shape: S) =>
  z.looseObject(shape) as unknown as z.ZodMiniObject<S, z.core.$strip>;

/**
 * A string whose documented values are listed in its type, for autocompletion, while any other
 * string is accepted: a value the API adds later must not break a receiver.
 */
export const oneOf = <T extends string>() => z.string() as unknown as z.ZodMiniType<T | (string & {})>;

/** A schema that reads a value with `read`, which returns undefined for a value it refuses. */
const reader = <T>(message: string, read: (value: unknown) => T | undefined) =>
  z.transform((value: unknown, ctx): T => {
    const out = read(value);
    if (out !== undefined) return out;
    ctx.issues.push({ code: 'custom', message, input: value });
    return z.NEVER;
  });

/** A number, or digits in a string. */
const toNumber = (value: unknown) => {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/** Milliseconds since the epoch (a number, or digits in a string), as a `Date`. */
export const millis = reader('is not a time in milliseconds', (value) => {
  const ms = toNumber(value);
  return ms === undefined ? undefined : new Date(ms);
});

/** A number (or digits in a string, as `reason_code` may be sent). */
export const num = reader('is not a number', toNumber);

/** `true` or `false`. */
export const flag = reader('is not a boolean', (value) => (typeof value === 'boolean' ? value : undefined));

/** An ID the API sends as a string or a number (`partnerId` is a number in archive callbacks). */
export const idString = reader('is not an ID', (value) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined,
);

/** An array, whose items pass through as sent. */
export const list = <T>() => reader<T[]>('is not an array', (value) => (Array.isArray(value) ? value : undefined));

// Optional fields, one schema instance each (shared by every field of that kind: smaller bundles).
/** An optional string. */
export const maybeString = z.optional(z.string());
/** An optional time in milliseconds, as a `Date`. */
export const maybeMillis = z.optional(millis);
/** An optional number. */
export const maybeNumber = z.optional(num);
/** An optional boolean. */
export const maybeFlag = z.optional(flag);

/** `{ id, createdAt, data }` of a connection, in connection and stream events. */
export const connectionInfo = passthrough({
  id: z.string(),
  /** When the client connected. */
  createdAt: millis,
  /** The `data` of the client's token, when it had some. */
  data: maybeString,
});

/** `{ id, connection, createdAt, name, videoType }` of a stream, in stream events. */
export const streamInfo = passthrough({
  id: z.string(),
  connection: connectionInfo,
  createdAt: millis,
  name: maybeString,
  videoType: z.optional(oneOf<'camera' | 'screen' | 'custom'>()),
});

/** `{ id, connectionId, createdAt }` of a SIP call, in SIP events. */
export const callInfo = passthrough({
  id: z.string(),
  /** The ID of the SIP call's connection in the session. */
  connectionId: z.string(),
  createdAt: millis,
});

/** `projectId`, or `partnerId` in older payloads: the event has `projectId` either way. */
export const projectFields = {
  projectId: z.optional(idString),
  partnerId: z.optional(idString),
};

/** The fields every session-monitoring and SIP callback carries besides `event`. */
export const monitoringFields = {
  sessionId: z.string(),
  ...projectFields,
  /** When the event happened. */
  timestamp: millis,
};
