import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, InvalidRequestError, NotFoundError, type VideoClient } from '@video/core';
import { disableForceMute, forceMuteAll, forceMuteStream, type ForceMuteAllOptions } from '@video/moderation';
import type { RequestLogEntry } from '@video/emulator';
import {
  expectAuthHeaders,
  MODES,
  projectPrefix,
  sessionWithClients,
  startHarness,
  type Harness,
  type Mode,
  type Participant,
} from '../../../test/support/harness.js';
import { BAD_IDS, expectApiError, expectRejectedLocally, failNext, unknownSessionId, wrongKeyClient } from '../../../test/support/assertions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

/** A project-details body as the mute endpoints may send it, secret included. */
const PROJECT_DETAILS = {
  id: '123456',
  secret: 'do-not-leak-this-secret',
  status: 'ACTIVE',
  name: 'Project',
  environment: 'standard',
  createdAt: 1_700_000_000_000,
};

describe.each(MODES)('force mute (%s credentials)', (mode: Mode) => {
  let client: VideoClient;
  beforeAll(() => {
    client = h.client(mode);
  });

  const sessionState = async (sessionId: string) => (await h.emu.control.state()).sessions.find((s) => s.sessionId === sessionId)!;
  /** streamId → muted, for every stream of the session. */
  const muted = async (sessionId: string) =>
    Object.fromEntries((await sessionState(sessionId)).streams.map((s) => [s.streamId, s.audioMuted]));
  const ids = (participants: Participant[]) => participants.map((p) => p.streamId!);

  function expectRequest(request: RequestLogEntry, path: string, rawBody: string) {
    expect({ method: request.method, path: request.path, query: request.query, rawBody: request.rawBody, status: request.status }).toEqual({
      method: 'POST',
      path: `${projectPrefix(client)}${path}`,
      query: {},
      rawBody,
      status: 200,
    });
    expectAuthHeaders(request, mode, rawBody !== '');
  }

  describe('forceMuteStream', () => {
    it('mutes one stream with a body-less POST and returns nothing of the project details', async () => {
      const { sessionId, participants } = await sessionWithClients(client, h.emu, { clients: 2 });
      const [a, b] = ids(participants);
      await h.mark();
      const result = await forceMuteStream(client, sessionId, a!);
      expect(result).toBeUndefined();
      expectRequest(await h.lastRequest(), `/session/${sessionId}/stream/${a}/mute`, '');
      expect(await muted(sessionId)).toEqual({ [a!]: true, [b!]: false });
      // Muting one stream does not turn on mute-all: later streams are not muted.
      const { streamId: later } = await h.emu.control.publish(sessionId, participants[1]!.connectionId);
      expect((await muted(sessionId))[later]).toBe(false);
      expect((await sessionState(sessionId)).forceMute).toEqual({ active: false, excludedStreamIds: [] });
    });

    it('does not return a project-details body that contains a secret', async () => {
      const { sessionId, participants } = await sessionWithClients(client, h.emu);
      await h.emu.control.injectFault({
        method: 'POST',
        path: '**/mute',
        afterHandling: true,
        action: { type: 'status', status: 200, body: PROJECT_DETAILS },
      });
      const result = await forceMuteStream(client, sessionId, participants[0]!.streamId!);
      expect(result).toBeUndefined();
      expect(JSON.stringify(result ?? null)).not.toContain('do-not-leak');
      expect(await muted(sessionId)).toEqual({ [participants[0]!.streamId!]: true });
    });

    it('accepts any 2xx (e.g. 204 without a body)', async () => {
      const { sessionId, participants } = await sessionWithClients(client, h.emu);
      await h.emu.control.injectFault({ method: 'POST', path: '**/mute', action: { type: 'status', status: 204, body: '' } });
      expect(await forceMuteStream(client, sessionId, participants[0]!.streamId!)).toBeUndefined();
    });

    it('maps errors: unknown stream or session → 404, malformed session → 400, wrong credentials → 403, 408', async () => {
      const { sessionId, participants } = await sessionWithClients(client, h.emu);
      await expectApiError(() => forceMuteStream(client, sessionId, 'no-such-stream'), NotFoundError, {
        status: 404,
        code: 'not_found',
        message: 'Stream not found',
      });
      await expectApiError(() => forceMuteStream(client, unknownSessionId(client), participants[0]!.streamId!), NotFoundError, {
        status: 404,
        code: 'not_found',
        message: 'Session not found',
      });
      await expectApiError(() => forceMuteStream(client, 'not-a-session', 's1'), InvalidRequestError, {
        status: 400,
        code: 'bad_request',
        message: 'Invalid session ID: "not-a-session"',
      });
      await expectApiError(() => forceMuteStream(wrongKeyClient(h, mode), sessionId, participants[0]!.streamId!), AuthenticationError, {
        status: 403,
        code: 'authentication_failed',
        message: 'Invalid token signature',
      });
      expect(await muted(sessionId)).toEqual({ [participants[0]!.streamId!]: false });
      await failNext(h, 'POST', '**/mute', 408, 'Invalid stream ID');
      await expectApiError(() => forceMuteStream(client, sessionId, participants[0]!.streamId!), InvalidRequestError, {
        status: 408,
        code: 'http_408',
        message: 'Invalid stream ID',
      });
    });

    it.each(BAD_IDS)('rejects a session ID that is %s', async (_, bad) => {
      await expectRejectedLocally(h, () => forceMuteStream(client, bad as string, 's1'), 'sessionId');
    });
    it.each(BAD_IDS)('rejects a stream ID that is %s', async (_, bad) => {
      await expectRejectedLocally(h, () => forceMuteStream(client, unknownSessionId(client), bad as string), 'streamId');
    });
    it('rejects unknown options', async () => {
      await expectRejectedLocally(h, () => forceMuteStream(client, unknownSessionId(client), 's1', { active: true } as never), 'active');
    });
  });

  describe('forceMuteAll and disableForceMute', () => {
    it('mutes every existing stream and every stream published later', async () => {
      const { sessionId, participants } = await sessionWithClients(client, h.emu, { clients: 2 });
      const [a, b] = ids(participants);
      await h.mark();
      expect(await forceMuteAll(client, sessionId)).toBeUndefined();
      expectRequest(await h.lastRequest(), `/session/${sessionId}/mute`, '{"active":true,"excludedStreamIds":[]}');
      expect(await muted(sessionId)).toEqual({ [a!]: true, [b!]: true });
      expect((await sessionState(sessionId)).forceMute).toEqual({ active: true, excludedStreamIds: [] });
      const { streamId: later } = await h.emu.control.publish(sessionId, participants[0]!.connectionId);
      expect((await muted(sessionId))[later]).toBe(true);
    });

    it('leaves the excluded streams unmuted, sent as excludedStreamIds', async () => {
      const { sessionId, participants } = await sessionWithClients(client, h.emu, { clients: 3 });
      const [a, b, c] = ids(participants);
      await h.mark();
      await forceMuteAll(client, sessionId, { excludedStreamIds: [b!, c!] });
      const request = await h.lastRequest();
      expectRequest(request, `/session/${sessionId}/mute`, `{"active":true,"excludedStreamIds":["${b}","${c}"]}`);
      expect(request.body).not.toHaveProperty('excludedStreams');
      expect(await muted(sessionId)).toEqual({ [a!]: true, [b!]: false, [c!]: false });
      expect((await sessionState(sessionId)).forceMute).toEqual({ active: true, excludedStreamIds: [b, c] });
      const { streamId: later } = await h.emu.control.publish(sessionId, participants[1]!.connectionId);
      expect((await muted(sessionId))[later]).toBe(true);
    });

    it('disableForceMute stops muting new streams; muted streams stay muted', async () => {
      const { sessionId, participants } = await sessionWithClients(client, h.emu, { clients: 2 });
      const [a, b] = ids(participants);
      await forceMuteAll(client, sessionId, { excludedStreamIds: [b!] });
      await h.mark();
      expect(await disableForceMute(client, sessionId)).toBeUndefined();
      expectRequest(await h.lastRequest(), `/session/${sessionId}/mute`, '{"active":false}');
      expect((await sessionState(sessionId)).forceMute).toEqual({ active: false, excludedStreamIds: [] });
      const { streamId: later } = await h.emu.control.publish(sessionId, participants[0]!.connectionId);
      expect(await muted(sessionId)).toEqual({ [a!]: true, [b!]: false, [later]: false });
    });

    it('returns nothing of a project-details body that contains a secret, and accepts any 2xx', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu, { publish: false });
      await h.emu.control.injectFault({ method: 'POST', path: '**/mute', times: 2, action: { type: 'status', status: 200, body: PROJECT_DETAILS } });
      expect(await forceMuteAll(client, sessionId)).toBeUndefined();
      expect(await disableForceMute(client, sessionId)).toBeUndefined();
      await h.emu.control.injectFault({ method: 'POST', path: '**/mute', times: 2, action: { type: 'status', status: 202, body: '' } });
      expect(await forceMuteAll(client, sessionId)).toBeUndefined();
      expect(await disableForceMute(client, sessionId)).toBeUndefined();
    });

    it.each([
      ['forceMuteAll', (c: VideoClient, s: string) => forceMuteAll(c, s)],
      ['disableForceMute', (c: VideoClient, s: string) => disableForceMute(c, s)],
    ] as const)('%s maps errors: 404, 400, 403', async (_, run) => {
      await expectApiError(() => run(client, unknownSessionId(client)), NotFoundError, {
        status: 404,
        code: 'not_found',
        message: 'Session not found',
      });
      await expectApiError(() => run(client, 'not-a-session'), InvalidRequestError, {
        status: 400,
        code: 'bad_request',
        message: 'Invalid session ID: "not-a-session"',
      });
      await failNext(h, 'POST', '**/mute', 400, 'Invalid JSON');
      await expectApiError(() => run(client, unknownSessionId(client)), InvalidRequestError, {
        status: 400,
        code: 'bad_request',
        message: 'Invalid JSON',
      });
      const { sessionId } = await sessionWithClients(client, h.emu);
      await expectApiError(() => run(wrongKeyClient(h, mode), sessionId), AuthenticationError, {
        status: 403,
        code: 'authentication_failed',
        message: 'Invalid token signature',
      });
      expect((await sessionState(sessionId)).forceMute.active).toBe(false);
    });

    describe('rejects invalid input locally, naming the field', () => {
      const cases: [string, unknown, string][] = [
        ['excludedStreamIds that are a string', { excludedStreamIds: 'abc' }, 'excludedStreamIds'],
        ['excludedStreamIds that are null', { excludedStreamIds: null }, 'excludedStreamIds'],
        ['excludedStreamIds that are an object', { excludedStreamIds: { a: 1 } }, 'excludedStreamIds'],
        ['a non-string excluded ID', { excludedStreamIds: ['ok', 1] }, 'excludedStreamIds[1]'],
        ['an empty excluded ID', { excludedStreamIds: [''] }, 'excludedStreamIds[0]'],
        ['the misspelled excludedStreams', { excludedStreams: ['a'] }, 'excludedStreams'],
        ['the misspelled excudedStreamIds', { excudedStreamIds: ['a'] }, 'excudedStreamIds'],
        ['options that are an array', ['a'], 'options'],
      ];
      it.each(cases)('forceMuteAll: %s', async (_, options, field) => {
        await expectRejectedLocally(h, () => forceMuteAll(client, unknownSessionId(client), options as ForceMuteAllOptions), field);
      });
      it('disableForceMute: unknown options (it takes no excludedStreamIds)', async () => {
        await expectRejectedLocally(h, () => disableForceMute(client, unknownSessionId(client), { excludedStreamIds: [] } as never), 'excludedStreamIds');
      });
      it.each(BAD_IDS)('a session ID that is %s', async (_, bad) => {
        await expectRejectedLocally(h, () => forceMuteAll(client, bad as string), 'sessionId');
        await expectRejectedLocally(h, () => disableForceMute(client, bad as string), 'sessionId');
      });
    });
  });
});
