// Small assertions shared by this package's tests (the emulator harness itself lives in test/support).
import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'vitest';
import { createClient, VideoError, VideoValidationError, type VideoClient } from '@video/core';
import type { Harness, Mode } from '../../../test/support/harness.js';

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<VideoError> {
  let result: unknown;
  try {
    result = await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(VideoError);
    return error as VideoError;
  }
  throw new Error(`expected a rejection, got ${JSON.stringify(result)}`);
}

/** Asserts that `call` fails locally with a VideoValidationError naming `field`, and sends nothing. */
export async function expectRejectedLocally(h: Harness, field: string, call: () => Promise<unknown>): Promise<void> {
  await h.mark();
  const error = await rejection(Promise.resolve().then(call));
  expect(error, `${field}: ${error.message}`).toBeInstanceOf(VideoValidationError);
  expect((error as VideoValidationError).field).toBe(field);
  expect(await h.requests()).toEqual([]);
}

const wrongKeyClients = new WeakMap<Harness, Map<Mode, VideoClient>>();

/** A client for the emulator's project whose REST tokens are signed with the wrong key or secret. */
export function wrongKeyClient(h: Harness, mode: Mode): VideoClient {
  const byMode = wrongKeyClients.get(h) ?? new Map<Mode, VideoClient>();
  wrongKeyClients.set(h, byMode);
  const client = byMode.get(mode) ?? makeWrongKeyClient(h, mode);
  byMode.set(mode, client);
  return client;
}

function makeWrongKeyClient(h: Harness, mode: Mode): VideoClient {
  if (mode === 'opentok') {
    return createClient({ apiKey: h.emu.credentials.opentok.apiKey, apiSecret: 'f'.repeat(40), baseUrl: h.emu.url }, { retry: false });
  }
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return createClient({ applicationId: h.emu.credentials.vonage.applicationId, privateKey, baseUrl: h.emu.url }, { retry: false });
}

/** The project field of a response for a credential kind. */
export function ownerOf(client: VideoClient): { applicationId: string } | { projectId: string } {
  return client.mode === 'vonage' ? { applicationId: client.projectKey } : { projectId: client.projectKey };
}
