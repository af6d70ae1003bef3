// Assertions shared by the operation packages' tests (the emulator harness is in harness.ts).
import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'vitest';
import { createClient, VideoError, VideoValidationError, type VideoClient } from '@video/core';
import type { Harness, Mode } from './harness.js';

/** The VideoError a call (or promise) rejects with; fails the test if it succeeds. */
export async function rejection(run: (() => unknown) | Promise<unknown>): Promise<VideoError> {
  let result: unknown;
  try {
    result = await (typeof run === 'function' ? run() : run);
  } catch (error) {
    expect(error).toBeInstanceOf(VideoError);
    return error as VideoError;
  }
  throw new Error(`expected the call to fail, but it returned ${JSON.stringify(result)}`);
}

/** Asserts that a call fails locally with a VideoValidationError for `field` and sends nothing. */
export async function expectRejectedLocally(h: Harness, run: () => unknown, field: string): Promise<VideoValidationError> {
  await h.mark();
  const error = await rejection(run);
  expect(error, `${field}: ${error.message}`).toBeInstanceOf(VideoValidationError);
  expect({ field: (error as VideoValidationError).field, code: error.code, status: error.status }).toEqual({
    field,
    code: 'validation_error',
    status: undefined,
  });
  expect(error.message).toMatch(new RegExp(`^Invalid ${field.replace(/[[\]().]/g, '\\$&')}: `));
  expect(await h.requests()).toEqual([]);
  return error as VideoValidationError;
}

/** What an API error must carry. */
export interface ExpectedApiError {
  status: number;
  code: string;
  message: string;
}

/** Asserts the class, status, code and message of an error mapped from an API response. */
export async function expectApiError(
  run: () => unknown,
  errorClass: abstract new (...args: never[]) => VideoError,
  expected: ExpectedApiError,
): Promise<VideoError> {
  const error = await rejection(run);
  expect(error).toBeInstanceOf(errorClass);
  expect({ name: error.name, status: error.status, code: error.code, message: error.message }).toEqual({
    name: (errorClass as unknown as { errorName: string }).errorName,
    ...expected,
  });
  return error;
}

/** Makes the next matching request answer `status` with the API's `{code, message}` error body. */
export async function failNext(h: Harness, method: string, path: string, status: number, message: string): Promise<void> {
  await h.emu.control.injectFault({ method, path, action: { type: 'status', status, body: { code: status, message } } });
}

const wrongKeyClients = new WeakMap<Harness, Map<Mode, VideoClient>>();

/** A client for the emulator's project whose REST tokens are signed with the wrong key or secret (→ 403). */
export function wrongKeyClient(h: Harness, mode: Mode): VideoClient {
  const byMode = wrongKeyClients.get(h) ?? new Map<Mode, VideoClient>();
  wrongKeyClients.set(h, byMode);
  let client = byMode.get(mode);
  if (!client) {
    client =
      mode === 'opentok'
        ? createClient({ apiKey: h.emu.credentials.opentok.apiKey, apiSecret: 'f'.repeat(40), baseUrl: h.emu.url }, { retry: false })
        : createClient(
            {
              applicationId: h.emu.credentials.vonage.applicationId,
              privateKey: generateKeyPairSync('rsa', {
                modulusLength: 2048,
                privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
                publicKeyEncoding: { type: 'spki', format: 'pem' },
              }).privateKey,
              baseUrl: h.emu.url,
            },
            { retry: false },
          );
    byMode.set(mode, client);
  }
  return client;
}

/** A well-formed session ID of this project that the emulator has never created (→ 404). */
export function unknownSessionId(client: VideoClient): string {
  return '1_' + Buffer.from(`1~${client.projectKey}~~1700000000000~NoSuchSession0000000000~`, 'latin1').toString('base64url');
}

/** The project field of a response for a credential kind. */
export function ownerOf(client: VideoClient): { applicationId: string } | { projectId: string } {
  return client.mode === 'vonage' ? { applicationId: client.projectKey } : { projectId: client.projectKey };
}

/** IDs that must never reach a URL path. */
export const BAD_IDS: [string, unknown][] = [
  ['empty', ''],
  ['a slash', 'a/b'],
  ['a dot-dot', '..'],
  ['a dot-dot inside', 'x..y'],
  ['a question mark', 'a?b=1'],
  ['a hash', 'a#b'],
  ['a backslash', 'a\\b'],
  ['a newline', 'a\nb'],
  ['not a string', 42],
];

/** Polls `read` (bounded: 200 tries, 10 ms apart) until `done` holds, and returns that value. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 200 && !done(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    value = await read();
  }
  if (!done(value)) throw new Error(`condition not reached; last value ${JSON.stringify(value)}`);
  return value;
}
