// What the emulator receives is declared as zod/mini schemas of the wire format, one per request
// body, next to the route that reads it. This file holds the pieces they share and the one function
// that turns a failed parse into the 400 the emulator answers, naming the field that is wrong.
// Messages are built here from the issue's facts, so zod's locale bundles are never loaded.
import * as z from 'zod/mini';
import { ApiError, badRequest } from './errors.js';

/**
 * An optional field. JSON `null` counts as absent (the Python SDKs send null for unset options):
 * both read as `undefined`.
 */
export const opt = <T extends z.core.SomeType>(schema: T) =>
  z.optional(z.pipe(z.nullable(schema), z.transform((value: z.output<T> | null) => value ?? undefined)));

/** A required string: absent, null and `''` are all "is required". */
export const requiredString = (...checks: z.core.$ZodCheck<string>[]) =>
  z.string().check(z.minLength(1, { error: 'is required' }), ...checks);

/** `at least min and at most max` characters. */
export const length = (min: number, max: number): z.core.$ZodCheck<string>[] => [z.minLength(min), z.maxLength(max)];

/** An integer from `min` to `max`, with the message the emulator always gave. */
export const intBetween = (min: number, max: number) =>
  z.number({ error: 'must be an integer' }).check(
    z.refine(Number.isInteger, { error: 'must be an integer', abort: true }),
    z.refine((value: number) => value >= min && value <= max, { error: `must be between ${min} and ${max}` }),
  );

/** An array of strings (class lists, stream IDs). */
export const stringArray = z.array(z.string(), { error: 'must be an array of strings' });

/**
 * A map of string values (SIP or WebSocket headers). A `null` value is a wrong type here, not an
 * absent field, hence the message of its own.
 */
export const stringMap = z.record(z.string(), z.string({ error: 'must be a string' }));

/** What a {@link rule} found wrong: a message, or a message about one field below the value. */
export type Broken = string | { path: (string | number)[]; message: string } | undefined;

/**
 * A rule over several fields, checked once each field has passed its own schema. `find` returns
 * what is wrong, or undefined. On the body itself the message is a whole sentence
 * (`'hasAudio and hasVideo cannot both be false'`); on a field, or with a `path`, it follows the
 * field's quoted name (`'is required when the layout type is "custom"'`).
 */
export const rule = <T>(find: (value: T) => Broken): z.core.$ZodCheck<T> =>
  z.check<T>((payload) => {
    const broken = find(payload.value);
    if (broken === undefined) return;
    const { path, message } = typeof broken === 'string' ? { path: [], message: broken } : broken;
    payload.issues.push({ code: 'custom', message, input: payload.value, path });
  });

export const RESOLUTIONS = ['640x480', '480x640', '1280x720', '720x1280', '1920x1080', '1080x1920'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

// --- From a zod issue to the 400 ---------------------------------------------------------------

type Issue = z.core.$ZodIssue;

/** Path segments longer than this (a header name is the caller's text) are cut in messages. */
const MAX_SEGMENT = 64;

/** `items[0].layoutClassList` from `['items', 0, 'layoutClassList']`, below `root` when given. */
function fieldName(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const part of path) {
    if (typeof part === 'number') {
      out += `[${part}]`;
    } else {
      const name = String(part);
      const short = name.length > MAX_SEGMENT ? `${name.slice(0, MAX_SEGMENT)}…` : name;
      out += out === '' ? short : `.${short}`;
    }
  }
  return out;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  boolean: 'a boolean',
  number: 'a number',
  int: 'an integer',
  object: 'an object',
  record: 'an object',
  array: 'an array',
};

/** What is wrong with the field, as the rest of `"field" …`. The schema's own message wins. */
function predicate(issue: Issue): string {
  if (issue.message) return issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      // JSON null in an object's field counts as absent, so it is "required" there too.
      const absent = issue.input === undefined || (issue.input === null && typeof issue.path.at(-1) === 'string');
      if (absent) return 'is required';
      return `must be ${TYPE_NAMES[issue.expected] ?? `a ${issue.expected}`}`;
    }
    case 'invalid_value':
      if (issue.values.length === 1) return `must be ${String(issue.values[0])}`;
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      // An unknown discriminator (`action.type`): its path is already the discriminator's.
      if (!('options' in issue) || !Array.isArray(issue.options)) return 'is not valid';
      return `must be one of ${issue.options.map(String).join(', ')}`;
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = Number(small ? issue.minimum : issue.maximum);
      const side = small ? 'least' : 'most';
      if (issue.origin === 'string') {
        return small && bound === 1 ? 'must not be empty' : `must be at ${side} ${bound} characters long`;
      }
      if (issue.origin === 'array') return `must have at ${side} ${bound} item${bound === 1 ? '' : 's'}`;
      return `must be at ${side} ${bound}`;
    }
    default:
      return 'is not valid';
  }
}

/**
 * The 400 for a zod issue: `"layout.stylesheet" is required when the layout type is "custom"`,
 * `"maxBitrate" must be between 100000 and 6000000`, `"items[0].id" is required`. `root` names
 * a body that is itself a field (`layout` for PUT …/layout). A problem with the body as a whole is
 * `Request body …`, or the sentence of the rule that found it.
 */
export function invalidRequest(issue: Issue, root = ''): ApiError {
  if (issue.path.length > 0) return badRequest(`"${fieldName(root, issue.path)}" ${predicate(issue)}`);
  if (issue.code === 'invalid_type') {
    const absent = issue.input === undefined || issue.input === null;
    return badRequest(absent ? 'Request body is required and must be a JSON object' : 'Request body must be a JSON object');
  }
  return badRequest(issue.message || `Request body ${predicate(issue)}`);
}

/**
 * Every issue is reported with its input (to tell a missing field from one of the wrong type), and
 * with an empty message unless the schema gave its own, whatever locale or error map the process
 * configured for zod.
 */
const PARSE = { reportInput: true, error: () => '' } as const;

/**
 * Parses a request body with its schema; 400 naming the first field that is wrong. With
 * `optional`, a missing body counts as `{}`; `root` is as for {@link invalidRequest}.
 */
export function parseBody<S extends z.ZodMiniType>(
  schema: S,
  body: unknown,
  options: { root?: string; optional?: boolean } = {},
): z.output<S> {
  const value = options.optional && (body === null || body === undefined) ? {} : body;
  // Parse options take zod off its fastest path (about 3x the cost of a plain parse), so they are
  // given only to the second parse that reports what the first one refused.
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalidRequest(schema.safeParse(value, PARSE).error!.issues[0]!, options.root);
}

// --- Lists -------------------------------------------------------------------------------------

/** A page number of a list call's query: digits only, at most `max`; absent or empty is the default. */
const pageNumber = (max: number) =>
  opt(
    z.string().check(
      z.regex(/^\d*$/, { error: 'must be a non-negative integer', abort: true }),
      z.refine((text: string) => Number(text) <= max, { error: `must be at most ${max}` }),
    ),
  );

/** `offset` and `count` of a list call (query parameters, as the API receives them). */
const pageQuery = z.object({ offset: pageNumber(Number.MAX_SAFE_INTEGER), count: pageNumber(1000) });

/** `offset` and `count` of a list call: offset ≥ 0, 0 ≤ count ≤ 1000, count 50 by default. */
export function readPage(query: URLSearchParams): { offset: number; count: number } {
  const { offset, count } = parseBody(pageQuery, { offset: query.get('offset'), count: query.get('count') });
  return { offset: offset ? Number(offset) : 0, count: count ? Number(count) : 50 };
}

/** One page of `items` (already newest first) with the total count, as the list endpoints answer. */
export function page<T>(items: readonly T[], query: URLSearchParams): { count: number; items: T[] } {
  const { offset, count } = readPage(query);
  return { count: items.length, items: items.slice(offset, offset + count) };
}

// --- Describing what was received --------------------------------------------------------------

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
