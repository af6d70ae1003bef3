// Options are declared once, as zod/mini schemas; this turns a failed parse into the
// VideoValidationError every operation throws, naming the field and saying what was expected and
// what was given. Messages are built here from the issue's facts, so zod's locale bundles are
// never loaded.
import { VideoValidationError } from '@video/auth';
import type * as z from 'zod/mini';
import { strictObject as zStrictObject } from 'zod/mini';

type Issue = z.core.$ZodIssue;
type Schema = z.core.$ZodType;

/**
 * A value built on first use, for module-level shapes and schemas:
 * `const shape = /* @__PURE__ *\/ lazy(() => ({ … }))`. Nothing is built at import time, and a
 * bundle that never uses it drops it (a schema built at module level is kept, since its `.check()`
 * calls look like side effects to a bundler).
 */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

/**
 * `z.strictObject`, typed with the shape as declared. zod types the object with a mapped copy of
 * the shape, whose properties lose their TSDoc in a built `.d.ts`; with this, the docs of a nested
 * object's properties (a SIP `auth`, broadcast `outputs`) show wherever it is written.
 */
export function strictObject<T extends z.core.$ZodLooseShape>(shape: T, params?: z.core.$ZodObjectParams): z.ZodMiniObject<T, z.core.$strict> {
  return zStrictObject(shape, params) as z.ZodMiniObject<T, z.core.$strict>;
}

/**
 * The options type of a lazy shape, as callers write it: `type StartArchiveOptions =
 * OptionsOf<typeof startArchiveShape>`. Declared from the shape (not from the schema built on it)
 * so that the TSDoc on the shape's properties reaches the published `.d.ts` and every hover.
 *
 * @typeParam F - The lazy option shape.
 */
export type OptionsOf<F extends () => z.core.$ZodLooseShape> = z.input<z.ZodMiniObject<ReturnType<F>, z.core.$strict>>;
/**
 * The parsed options of a lazy shape, as refinements and operations read them.
 *
 * @typeParam F - The lazy option shape.
 */
export type ParsedOptionsOf<F extends () => z.core.$ZodLooseShape> = z.output<z.ZodMiniObject<ReturnType<F>, z.core.$strict>>;

/** zod's message when a schema was given none of its own. */
const DEFAULT_MESSAGE = 'Invalid input';
const MAX_COPY_DEPTH = 32;

/** A short description of a value for "got …": the value itself when it is short and primitive. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

const list = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join(', ');

/** `items[0].layoutClassList` from `['items', 0, 'layoutClassList']`. */
function formatPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

type Def = { type?: string; innerType?: Schema; element?: Schema; valueType?: Schema; shape?: Record<string, Schema> };
const defOf = (node: Schema | undefined): Def | undefined => node?._zod.def as Def | undefined;

/** The schema below wrappers (optional, checks …) that only add to it. */
function unwrap(node: Schema | undefined): Schema | undefined {
  while (defOf(node)?.innerType) node = defOf(node)!.innerType;
  return node;
}

/** The keys of the object schema found at `path` below `schema`, for "expected one of …". */
function knownKeys(schema: Schema, path: readonly PropertyKey[]): string[] | undefined {
  let node = unwrap(schema);
  for (const part of path) {
    const def = defOf(node);
    node = unwrap(def?.type === 'array' ? def.element : def?.type === 'object' ? def.shape?.[String(part)] : def?.type === 'record' ? def.valueType : undefined);
  }
  const def = defOf(node);
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  record: 'an object',
  date: 'a Date',
  function: 'a function',
};

/** What the issue says is wrong, phrased as the rest of "Invalid <field>: …". */
function reason(issue: Issue, schema: Schema): string {
  const custom = issue.message && issue.message !== DEFAULT_MESSAGE ? issue.message : undefined;
  const got = 'input' in issue ? `, got ${describeValue(issue.input)}` : '';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return custom ?? 'is required';
      return `${custom ?? `must be ${TYPE_NAMES[issue.expected] ?? `a ${issue.expected}`}`}${got}`;
    case 'too_small':
    case 'too_big': {
      if (custom) return `${custom}${got}`;
      const small = issue.code === 'too_small';
      const bound = Number(small ? issue.minimum : issue.maximum);
      if (issue.origin === 'string') {
        if (small && bound === 1) return 'must not be empty';
        return `must be at ${small ? 'least' : 'most'} ${bound} characters${got}`;
      }
      if (issue.origin === 'array') return `must have at ${small ? 'least' : 'most'} ${bound} items`;
      return `must be ${small ? '≥' : '≤'} ${bound}${got}`;
    }
    case 'invalid_value':
      return `${custom ?? (issue.values.length === 1 ? `must be ${list(issue.values)}` : `must be one of ${list(issue.values)}`)}${got}`;
    case 'invalid_format':
      return `${custom ?? `is not a valid ${issue.format}`}${got}`;
    case 'invalid_union':
      if (custom) return `${custom}${got}`;
      if (issue.discriminator && 'options' in issue && issue.options) {
        // The issue's input is the whole object; what was wrong is its discriminator.
        const value = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator];
        return `must be one of ${list(issue.options)}, got ${describeValue(value)}`;
      }
      return `is not valid${got}`;
    case 'invalid_key':
      // A record key that its schema rejected: that schema's own reason says why.
      return custom ?? issue.issues[0]?.message ?? `is not a valid key${got}`;
    case 'unrecognized_keys': {
      if (custom) return custom;
      const keys = knownKeys(schema, issue.path);
      return `is not a known option${keys ? ` (expected one of ${keys.join(', ')})` : ''}`;
    }
    default:
      // A refinement of one value says what it got; one across several fields does not.
      return `${custom ?? 'is not valid'}${typeof issue.input === 'object' && issue.input !== null ? '' : got}`;
  }
}

/**
 * The prototype of the copies handed to the schemas: no string keys (nothing inherited can be read
 * as an option), only a `Symbol.toPrimitive`. Without it, zod's length checks, which also run on a
 * value of the wrong type that has a `length` (`{ length: {} }`), compare a prototype-less object
 * with a number and throw a TypeError instead of reporting an issue.
 */
const INPUT_PROTO: object = /* @__PURE__ */ Object.freeze(
  Object.create(null, { [Symbol.toPrimitive]: { value: (hint: string) => (hint === 'number' ? Number.NaN : '[object Object]') } }) as object,
);

/**
 * A copy of the plain objects and arrays in `value` holding only their own enumerable properties,
 * on objects whose prototype is `proto` (none, or {@link INPUT_PROTO}): a value inherited from a
 * polluted `Object.prototype` can never be read as an option. Other objects (an `AbortSignal`, a
 * `Date`) are kept as they are.
 */
function ownCopy(value: unknown, proto: object | null, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_COPY_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => ownCopy(item, proto, depth + 1));
  const from = Object.getPrototypeOf(value);
  if (from !== Object.prototype && from !== null && from !== INPUT_PROTO) return value;
  const copy: Record<string, unknown> = Object.create(proto);
  for (const key of Object.keys(value)) copy[key] = ownCopy((value as Record<string, unknown>)[key], proto, depth + 1);
  return copy;
}

const at = (value: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((v, key) => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[key] : undefined), value);

/**
 * The issue a failed union stands for: the one of the branch whose own kind matched (its literal
 * keys, such as a layout's `type`, had the value it requires), or, when no branch matched, a
 * literal key that none accepted, with every value they would. Undefined when neither applies.
 */
function resolveUnion(issue: Extract<Issue, { code: 'invalid_union' }>): Issue | undefined {
  const place = (sub: Issue): Issue => ({ ...sub, path: [...issue.path, ...sub.path], input: at(issue.input, sub.path) }) as Issue;
  // The discriminating key: the top-level key whose value all branches but (at most) one refused.
  const misses = new Map<PropertyKey, number>();
  for (const branch of issue.errors) {
    for (const i of branch) if (i.code === 'invalid_value' && i.path.length === 1) misses.set(i.path[0]!, (misses.get(i.path[0]!) ?? 0) + 1);
  }
  const [key] = [...misses].find(([, count]) => count >= issue.errors.length - 1) ?? [];
  if (key !== undefined) {
    const missOf = (branch: Issue[]) => branch.find((i) => i.code === 'invalid_value' && i.path[0] === key && i.path.length === 1);
    const matched = issue.errors.filter((branch) => !missOf(branch));
    if (matched.length === 1 && matched[0]!.length > 0) return place(matched[0]!.find((i) => i.code === 'unrecognized_keys') ?? matched[0]![0]!);
    if (matched.length === 0) {
      const values = issue.errors.flatMap((branch) => (missOf(branch) as Extract<Issue, { code: 'invalid_value' }>).values);
      return place({ code: 'invalid_value', values, path: [key], message: DEFAULT_MESSAGE } as Issue);
    }
  }
  const first = issue.errors[0]?.[0];
  // Not even the right kind of value (an object expected) for any branch.
  if (first && first.path.length === 0 && issue.errors.every((branch) => branch[0]?.code === 'invalid_type' && branch[0].path.length === 0)) {
    return place(first);
  }
  return undefined;
}

function fail(schema: Schema, found: Issue, root: string): VideoValidationError {
  let issue = found;
  for (let next: Issue | undefined; issue.code === 'invalid_union' && (next = resolveUnion(issue)); ) issue = next;
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  return new VideoValidationError(formatPath(root, path) || 'options', reason(issue, schema));
}

/**
 * Parses an operation's options with its schema, reading own properties only. Throws a
 * `VideoValidationError` naming the first bad option (`'layout.stylesheet'`, `'streams[1]'`), or
 * `'options'` when the value is not an object at all.
 */
export function parseOptions<S extends Schema>(schema: S, value: unknown): z.output<S> {
  return parseValue(schema, value, '');
}

/** What parsing an empty object gave, per schema: see {@link parseValue}. */
const emptyParses = /* @__PURE__ */ new WeakMap<object, object>();

/** An object with no own enumerable keys and a plain prototype: `{}` or `Object.create(null)`. */
function isEmptyPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}

/**
 * Parses one argument (`items`, `streamId` …) with its schema; the error's field starts with
 * `name`. The result's objects have no prototype either, so an option that was not given reads as
 * undefined even when `Object.prototype` has been polluted.
 */
export function parseValue<S extends Schema>(schema: S, value: unknown, name: string): z.output<S> {
  // Most calls pass no options at all: the outcome of parsing `{}` is the same every time (the
  // SDK's schemas have no defaults, transforms or impure checks), so it is worked out once per schema.
  const empty = isEmptyPlainObject(value);
  if (empty) {
    const known = emptyParses.get(schema);
    if (known !== undefined) return ownCopy(known, null) as z.output<S>;
  }
  const result = (schema as unknown as z.ZodMiniType).safeParse(ownCopy(value, INPUT_PROTO), { reportInput: true });
  if (empty && result.success && typeof result.data === 'object' && result.data !== null) emptyParses.set(schema, result.data);
  if (result.success) return ownCopy(result.data, null) as z.output<S>;
  // An unknown key first: a misspelt option explains the "required" error of the one it stands for.
  const { issues } = result.error;
  throw fail(schema, issues.find((issue) => issue.code === 'unrecognized_keys') ?? issues[0]!, name);
}
