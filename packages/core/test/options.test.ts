// One function turns every kind of zod issue into the VideoValidationError the SDK throws: the
// field is the path, the message says what was expected and what was given.
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { VideoValidationError } from '@video/core';
import { callOptionsShape, integer, iterateOptionsShape, layoutSchema, parseOptions, parseValue, resolutionSchema } from '@video/core/toolkit';

const schema = z.strictObject({
  ...callOptionsShape(),
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(5))),
  count: z.optional(integer(1, 10)),
  ratio: z.optional(z.number().check(z.gte(0.5))),
  flag: z.optional(z.boolean()),
  resolution: z.optional(resolutionSchema()),
  layout: z.optional(layoutSchema()),
  tags: z.optional(z.array(z.string().check(z.minLength(1))).check(z.maxLength(2))),
  headers: z.optional(z.record(z.string(), z.string())),
  nested: z.optional(z.strictObject({ inner: z.string() })),
  code: z.optional(z.string().check(z.regex(/^\d+$/))),
  fixed: z.optional(z.literal('yes')),
});

const fails = (value: unknown) => {
  try {
    parseOptions(schema, value);
  } catch (error) {
    expect(error).toBeInstanceOf(VideoValidationError);
    return { field: (error as VideoValidationError).field, message: (error as Error).message };
  }
  throw new Error(`${JSON.stringify(value)} was accepted`);
};

describe('parseOptions', () => {
  it.each<[unknown, string, RegExp]>([
    ['text', 'options', /^Invalid options: must be an object, got "text"$/],
    [null, 'options', /must be an object, got null/],
    [{ name: 5 }, 'name', /^Invalid name: must be a string, got 5$/],
    [{ name: '' }, 'name', /^Invalid name: must not be empty$/],
    [{ name: 'abcdef' }, 'name', /^Invalid name: must be at most 5 characters, got "abcdef"$/],
    [{ count: 0 }, 'count', /must be an integer from 1 to 10, got 0$/],
    [{ count: 2.5 }, 'count', /must be an integer from 1 to 10, got 2.5$/],
    [{ count: '3' }, 'count', /must be an integer from 1 to 10, got "3"$/],
    [{ ratio: 0.1 }, 'ratio', /must be ≥ 0.5, got 0.1$/],
    [{ flag: 'yes' }, 'flag', /must be true or false, got "yes"$/],
    [{ resolution: '1x1' }, 'resolution', /must be one of "640x480", .*"1080x1920", got "1x1"$/],
    [{ layout: { type: 'grid' } }, 'layout.type', /must be one of "custom", "bestFit", .*got "grid"$/],
    [{ layout: { type: 'custom' } }, 'layout.stylesheet', /^Invalid layout.stylesheet: is required$/],
    [{ layout: { type: 'pip', stylesheet: 'a' } }, 'layout.stylesheet', /is allowed only with type 'custom'$/],
    [{ layout: { type: 'custom', stylesheet: 'a', screenshareType: 'pip' } }, 'layout.screenshareType', /is allowed only with type 'bestFit'$/],
    [{ layout: { type: 'pip', typo: 1 } }, 'layout.typo', /is not a known option/],
    [{ tags: ['a', ''] }, 'tags[1]', /must not be empty/],
    [{ tags: ['a', 'b', 'c'] }, 'tags', /must have at most 2 items/],
    [{ headers: { a: 1 } }, 'headers.a', /must be a string, got 1/],
    [{ nested: { inner: 'x', other: 1 } }, 'nested.other', /is not a known option \(expected one of inner\)/],
    [{ code: '12a' }, 'code', /is not a valid regex, got "12a"/],
    [{ fixed: 'no' }, 'fixed', /must be "yes", got "no"/],
    [{ nmae: 'x' }, 'nmae', /^Invalid nmae: is not a known option \(expected one of signal, timeout, retry, name, count/],
    [{ timeout: 0 }, 'timeout', /must be at least 100 \(timeout is in milliseconds\), got 0/],
    [{ timeout: 20 }, 'timeout', /must be at least 100 \(timeout is in milliseconds: did you mean 20000\?\), got 20/],
    [{ timeout: 0.5 }, 'timeout', /did you mean 500\?/],
    [{ timeout: 2 ** 31 }, 'timeout', /must be a number of milliseconds from 100 to 2147483647/],
    [{ retry: 'yes' }, 'retry', /must be false or \{ maxAttempts\?/],
    [{ retry: { maxAttempts: 0 } }, 'retry.maxAttempts', /must be a number ≥ 1, got 0/],
    [{ signal: {} }, 'signal', /must be an AbortSignal/],
  ])('%j → %s', (value, field, message) => {
    const error = fails(value);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('returns the parsed options, with own properties only', () => {
    const proto = Object.prototype as Record<string, unknown>;
    Object.defineProperty(proto, 'name', { value: 'polluted', configurable: true, writable: true });
    try {
      expect(parseOptions(schema, { count: 3 })).toEqual({ count: 3 });
      expect(parseOptions(schema, { nested: { inner: 'x' } }).nested).toEqual({ inner: 'x' });
    } finally {
      delete proto.name;
    }
  });

  it('reports a wrong type that has a length, whatever that length is (zod checks lengths on any such value)', () => {
    // Found by the hostile-input suite: { length: {} } made a length check throw a TypeError.
    const bare = Object.create(null) as object;
    for (const value of [{ length: {} }, { length: bare }, { length: [] }, { length: 'x' }, { length: 3 }]) {
      expect(fails({ name: value })).toEqual({ field: 'name', message: 'Invalid name: must be a string, got an object' });
      expect(fails({ tags: value }).field).toBe('tags');
    }
    expect(fails({ name: bare })).toEqual({ field: 'name', message: 'Invalid name: must be a string, got an object' });
  });

  it('keeps the identity of objects it does not own, such as a signal', () => {
    const signal = new AbortController().signal;
    expect(parseOptions(schema, { signal }).signal).toBe(signal);
  });
});

describe('parseValue', () => {
  it('names the argument and the path below it', () => {
    const items = z.array(z.strictObject({ id: z.string(), layoutClassList: z.array(z.string()) }));
    expect(() => parseValue(items, [{ id: 'a', layoutClassList: [1] }], 'items')).toThrow(
      expect.objectContaining({ field: 'items[0].layoutClassList[0]' }),
    );
    expect(() => parseValue(z.string().check(z.minLength(1)), '', 'streamId')).toThrow('Invalid streamId: must not be empty');
  });

  it('explains a rejected record key with its own schema\'s reason', () => {
    const headers = z.record(z.string().check(z.regex(/^X-/, { error: 'must start with "X-"' })), z.string());
    expect(() => parseValue(headers, { Room: 'blue' }, 'headers')).toThrow('Invalid headers.Room: must start with "X-"');
  });

  it('checks iterator options', () => {
    const iterate = z.strictObject(iterateOptionsShape());
    for (const [options, field] of [
      [{ pageSize: 0 }, 'pageSize'],
      [{ pageSize: 1001 }, 'pageSize'],
      [{ offset: -1 }, 'offset'],
      [{ limit: 1.5 }, 'limit'],
    ] as const) {
      expect(() => parseOptions(iterate, options)).toThrow(expect.objectContaining({ field }));
    }
  });
});
