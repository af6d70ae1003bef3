// @video/archives against the emulator over real sockets, in both credential modes: the exact
// requests that reach it, the state it holds afterwards, local validation, and error mapping.
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  addArchiveStream,
  deleteArchive,
  getArchive,
  iterateArchives,
  listArchives,
  removeArchiveStream,
  setArchiveLayout,
  startArchive,
  stopArchive,
  toArchive,
  type Archive,
  type StartArchiveOptions,
} from '@video/archives';
import {
  AuthenticationError,
  ConflictError,
  InvalidRequestError,
  NetworkError,
  NotFoundError,
  ServerError,
  TimeoutError,
  VideoError,
  type Layout,
  type VideoClient,
} from '@video/core';
import { createSession } from '@video/sessions';
import {
  expectAuthHeaders,
  MODES,
  projectPrefix,
  sessionWithClients,
  startHarness,
  type Harness,
} from '../../../test/support/harness.js';
import { expectRejectedLocally, ownerOf, rejection, until, wrongKeyClient } from '../../../test/support/assertions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ archiveProcessingMs: 20 });
});
afterAll(() => h.stop());
afterEach(() => h.emu.control.clearFaults());

type ErrorClass = abstract new (...args: never[]) => VideoError;

async function archiveState(id: string): Promise<Record<string, unknown>> {
  const found = (await h.emu.control.state()).archives.find((a) => a.id === id);
  if (!found) throw new Error(`archive ${id} is not in the emulator state`);
  return found;
}

async function archivesOfSession(sessionId: string): Promise<Record<string, unknown>[]> {
  return (await h.emu.control.state()).archives.filter((a) => a.sessionId === sessionId);
}

const BAD_IDS = ['', 'a/b', '..', '?x'];

describe('toArchive', () => {
  it('normalises a sparse API object with documented defaults', () => {
    expect(toArchive({ id: 'a', status: 'available', sessionId: 's', createdAt: 5, name: null, url: 'https://x/a.mp4', projectId: 123 })).toStrictEqual({
      id: 'a',
      status: 'available',
      name: undefined,
      sessionId: 's',
      projectId: '123',
      createdAt: new Date(5),
      updatedAt: undefined,
      duration: 0,
      size: 0,
      reason: undefined,
      outputMode: 'composed',
      streamMode: 'auto',
      hasAudio: true,
      hasVideo: true,
      hasTranscription: false,
      resolution: undefined,
      url: 'https://x/a.mp4',
      sha256sum: undefined,
      multiArchiveTag: undefined,
      maxBitrate: undefined,
      quantizationParameter: undefined,
      streams: [],
      transcription: undefined,
    });
  });
});

describe.each(MODES)('with %s credentials', (mode) => {
  let client: VideoClient;
  let prefix: string;
  beforeAll(() => {
    client = h.client(mode);
    prefix = projectPrefix(client);
  });

  describe('startArchive', () => {
    it('sends only the session ID by default and returns the started archive', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      await h.mark();
      const archive = await startArchive(client, sessionId);
      const request = await h.lastRequest();
      expect(request.method).toBe('POST');
      expect(request.path).toBe(`${prefix}/archive`);
      expect(request.query).toEqual({});
      expectAuthHeaders(request, mode, true);
      expect(request.body).toStrictEqual({ sessionId });
      expect(request.rawBody).toBe(JSON.stringify({ sessionId }));
      expect(request.status).toBe(200);

      const state = await archiveState(archive.id);
      expect(state).toMatchObject({ status: 'started', sessionId, outputMode: 'composed', streamMode: 'auto', resolution: '640x480' });
      expect(state.layout).toEqual({ type: 'bestFit' });
      expect(archive).toStrictEqual<Archive>({
        id: state.id as string,
        status: 'started',
        name: undefined,
        sessionId,
        ...ownerOf(client),
        createdAt: new Date(state.createdAt as number),
        updatedAt: new Date(state.updatedAt as number),
        duration: 0,
        size: 0,
        reason: undefined,
        outputMode: 'composed',
        streamMode: 'auto',
        hasAudio: true,
        hasVideo: true,
        hasTranscription: false,
        resolution: '640x480',
        url: undefined,
        sha256sum: undefined,
        multiArchiveTag: undefined,
        maxBitrate: undefined,
        quantizationParameter: undefined,
        streams: [],
        transcription: undefined,
      });
    });

    it('sends every composed option in its wire form', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const options: StartArchiveOptions = {
        name: 'Full',
        hasAudio: true,
        hasVideo: false,
        outputMode: 'composed',
        resolution: '1280x720',
        layout: { type: 'bestFit', screenshareType: 'pip' },
        streamMode: 'manual',
        multiArchiveTag: 'tag-full',
        maxBitrate: 2_000_000,
        hasTranscription: true,
        transcriptionProperties: { primaryLanguageCode: 'fr-FR', hasSummary: true },
      };
      await h.mark();
      const archive = await startArchive(client, sessionId, options);
      const request = await h.lastRequest();
      expectAuthHeaders(request, mode, true);
      expect(request.body).toStrictEqual({
        sessionId,
        name: 'Full',
        hasAudio: true,
        hasVideo: false,
        outputMode: 'composed',
        resolution: '1280x720',
        layout: { type: 'bestFit', screenshareType: 'pip' },
        streamMode: 'manual',
        multiArchiveTag: 'tag-full',
        maxBitrate: 2_000_000,
        hasTranscription: true,
        transcriptionProperties: { primaryLanguageCode: 'fr-FR', hasSummary: true },
      });
      const state = await archiveState(archive.id);
      expect(state).toMatchObject({
        name: 'Full',
        hasAudio: true,
        hasVideo: false,
        resolution: '1280x720',
        layout: { type: 'bestFit', screenshareType: 'pip' },
        streamMode: 'manual',
        multiArchiveTag: 'tag-full',
        maxBitrate: 2_000_000,
        hasTranscription: true,
      });
      expect(archive).toMatchObject({
        name: 'Full',
        hasVideo: false,
        resolution: '1280x720',
        streamMode: 'manual',
        multiArchiveTag: 'tag-full',
        maxBitrate: 2_000_000,
        quantizationParameter: undefined,
        hasTranscription: true,
        transcription: { status: 'started', reason: undefined, url: undefined, primaryLanguageCode: 'fr-FR', hasSummary: true },
      });
    });

    it('sends a custom layout with a quantization parameter', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const layout: Layout = { type: 'custom', stylesheet: 'stream.instructor {position: absolute; width: 100%; height:50%;}' };
      await h.mark();
      const archive = await startArchive(client, sessionId, { layout, quantizationParameter: 25, resolution: '1080x1920' });
      expect((await h.lastRequest()).body).toStrictEqual({ sessionId, layout, quantizationParameter: 25, resolution: '1080x1920' });
      expect(await archiveState(archive.id)).toMatchObject({ layout, quantizationParameter: 25, resolution: '1080x1920' });
      expect(archive.quantizationParameter).toBe(25);
    });

    it('sends an individual archive with audio only', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      await h.mark();
      const archive = await startArchive(client, sessionId, { outputMode: 'individual', hasVideo: false, name: '' });
      expect((await h.lastRequest()).body).toStrictEqual({ sessionId, outputMode: 'individual', hasVideo: false, name: '' });
      expect(archive).toMatchObject({ outputMode: 'individual', hasAudio: true, hasVideo: false, resolution: undefined });
      expect(await archiveState(archive.id)).toMatchObject({ outputMode: 'individual', layout: null, hasVideo: false });
    });

    it('accepts every value the API allows', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const accepted: StartArchiveOptions[] = [
        { maxBitrate: 100_000 },
        { maxBitrate: 6_000_000 },
        { quantizationParameter: 15 },
        { quantizationParameter: 40 },
        ...(['640x480', '480x640', '1280x720', '720x1280', '1920x1080', '1080x1920'] as const).map((resolution) => ({ resolution })),
        ...(['bestFit', 'horizontalPresentation', 'pip', 'verticalPresentation'] as const).map((type) => ({ layout: { type } })),
        ...(['bestFit', 'horizontalPresentation', 'pip', 'verticalPresentation'] as const).map((screenshareType) => ({
          layout: { type: 'bestFit' as const, screenshareType },
        })),
        { hasAudio: false },
        { hasTranscription: false },
        { hasTranscription: true, transcriptionProperties: {} },
        { streamMode: 'auto' },
      ];
      for (const [i, options] of accepted.entries()) {
        await h.mark();
        const archive = await startArchive(client, sessionId, { ...options, multiArchiveTag: `ok-${i}` });
        expect((await h.lastRequest()).body).toStrictEqual({ sessionId, ...options, multiArchiveTag: `ok-${i}` });
        expect(archive.status).toBe('started');
      }
      expect(await archivesOfSession(sessionId)).toHaveLength(accepted.length);
    });

    const invalid: [string, unknown, string][] = [
      ['an unknown option', { foo: 1 }, 'foo'],
      ['a snake_case option', { output_mode: 'composed' }, 'output_mode'],
      ['an unknown output mode', { outputMode: 'mixed' }, 'outputMode'],
      ['an unknown resolution', { resolution: '800x600' }, 'resolution'],
      ['a non-boolean hasAudio', { hasAudio: 'yes' }, 'hasAudio'],
      ['neither audio nor video', { hasAudio: false, hasVideo: false }, 'hasVideo'],
      ['a resolution with individual output', { outputMode: 'individual', resolution: '1280x720' }, 'resolution'],
      ['a layout with individual output', { outputMode: 'individual', layout: { type: 'pip' } }, 'layout'],
      ['a bitrate with individual output', { outputMode: 'individual', maxBitrate: 200_000 }, 'maxBitrate'],
      ['a QP with individual output', { outputMode: 'individual', quantizationParameter: 20 }, 'quantizationParameter'],
      ['a bitrate below 100 000', { maxBitrate: 99_999 }, 'maxBitrate'],
      ['a bitrate above 6 000 000', { maxBitrate: 6_000_001 }, 'maxBitrate'],
      ['a fractional bitrate', { maxBitrate: 150_000.5 }, 'maxBitrate'],
      ['a QP below 15', { quantizationParameter: 14 }, 'quantizationParameter'],
      ['a QP above 40', { quantizationParameter: 41 }, 'quantizationParameter'],
      ['both bitrate and QP', { maxBitrate: 200_000, quantizationParameter: 20 }, 'quantizationParameter'],
      ['a custom layout without stylesheet', { layout: { type: 'custom' } }, 'layout.stylesheet'],
      ['a custom layout with an empty stylesheet', { layout: { type: 'custom', stylesheet: '' } }, 'layout.stylesheet'],
      ['a stylesheet without custom', { layout: { type: 'bestFit', stylesheet: 'x {}' } }, 'layout.stylesheet'],
      ['a screenshareType without bestFit', { layout: { type: 'pip', screenshareType: 'pip' } }, 'layout.screenshareType'],
      ['a screenshareType with custom', { layout: { type: 'custom', stylesheet: 'x {}', screenshareType: 'pip' } }, 'layout.screenshareType'],
      ['a custom screenshareType', { layout: { type: 'bestFit', screenshareType: 'custom' } }, 'layout.screenshareType'],
      ['an unknown layout type', { layout: { type: 'focus' } }, 'layout.type'],
      ['an unknown layout key', { layout: { type: 'pip', columns: 2 } }, 'layout.columns'],
      ['a layout that is no object', { layout: 'pip' }, 'layout'],
      ['an unknown stream mode', { streamMode: 'semi' }, 'streamMode'],
      ['an empty multiArchiveTag', { multiArchiveTag: '' }, 'multiArchiveTag'],
      ['a non-string name', { name: 5 }, 'name'],
      ['transcription properties without transcription', { transcriptionProperties: { hasSummary: true } }, 'transcriptionProperties'],
      ['an unknown transcription property', { hasTranscription: true, transcriptionProperties: { language: 'en' } }, 'transcriptionProperties.language'],
      ['a non-string language code', { hasTranscription: true, transcriptionProperties: { primaryLanguageCode: 1 } }, 'transcriptionProperties.primaryLanguageCode'],
      ['options that are no object', null, 'options'],
      ['a negative timeout', { timeout: -1 }, 'timeout'],
    ];
    it.each(invalid)('rejects %s locally', async (_name, options, field) => {
      await expectRejectedLocally(h, () => startArchive(client, 'SESSION', options as StartArchiveOptions), field);
    });

    it.each([[''], [42]])('rejects the session ID %j locally', async (sessionId) => {
      await expectRejectedLocally(h, () => startArchive(client, sessionId as string), 'sessionId');
    });

    it('409 for a relayed session, with the API message', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu, { session: { mediaMode: 'relayed' } });
      const error = await rejection(startArchive(client, sessionId));
      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ status: 409, code: 'conflict', method: 'POST' });
      expect(error.message).toMatch(/routed/);
      expect(error.message).toBe((error.body as { message: string }).message);
      expect(await archivesOfSession(sessionId)).toEqual([]);
    });

    it('404 when no client is connected', async () => {
      const { sessionId } = await createSession(client, { mediaMode: 'routed' });
      const error = await rejection(startArchive(client, sessionId));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ status: 404, code: 'not_found' });
      expect(error.message).toMatch(/no clients/i);
    });

    it("404 for another project's session and 400 for a malformed session ID", async () => {
      const other = h.client(mode === 'vonage' ? 'opentok' : 'vonage');
      const { sessionId } = await sessionWithClients(other, h.emu);
      const notFound = await rejection(startArchive(client, sessionId));
      expect(notFound).toBeInstanceOf(NotFoundError);
      expect(notFound).toMatchObject({ status: 404, code: 'not_found', message: 'Session not found' });

      const invalid = await rejection(startArchive(client, 'not-a-session-id'));
      expect(invalid).toBeInstanceOf(InvalidRequestError);
      expect(invalid).toMatchObject({ status: 400, code: 'bad_request' });
      expect(invalid.message).toMatch(/Invalid session ID/);
    });

    it('403 for rejected credentials', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const error = await rejection(startArchive(wrongKeyClient(h, mode), sessionId));
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ status: 403, code: 'authentication_failed' });
      expect(await archivesOfSession(sessionId)).toEqual([]);
    });

    it('multiArchiveTag lets a session be recorded twice; a running session or a duplicate tag is a 409', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const first = await startArchive(client, sessionId);
      const tagged = await startArchive(client, sessionId, { multiArchiveTag: 'second' });
      expect(tagged.id).not.toBe(first.id);

      const again = await rejection(startArchive(client, sessionId));
      expect(again).toBeInstanceOf(ConflictError);
      expect(again).toMatchObject({ status: 409, code: 'conflict' });
      expect(again.message).toMatch(/already being recorded/);

      const duplicate = await rejection(startArchive(client, sessionId, { multiArchiveTag: 'second' }));
      expect(duplicate).toBeInstanceOf(ConflictError);
      expect(duplicate).toMatchObject({ status: 409, message: 'Session is already composed for given tag' });

      const states = await archivesOfSession(sessionId);
      expect(states.map((a) => [a.id, a.status, a.multiArchiveTag])).toEqual([
        [first.id, 'started', undefined],
        [tagged.id, 'started', 'second'],
      ]);
    });
  });

  describe('lifecycle', () => {
    it('started → stopped → available with a downloadable URL', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const started = await startArchive(client, sessionId, { name: 'Lifecycle' });
      await h.mark();
      const stopped = await stopArchive(client, started.id);
      const request = await h.lastRequest();
      expect(request.method).toBe('POST');
      expect(request.path).toBe(`${prefix}/archive/${started.id}/stop`);
      expectAuthHeaders(request, mode, false);
      expect(request.rawBody).toBe('');
      expect(stopped).toMatchObject({ id: started.id, status: 'stopped', reason: 'user initiated', url: undefined, name: 'Lifecycle' });

      await h.mark();
      const available = await until(() => getArchive(client, started.id), (a) => a.status === 'available');
      const get = (await h.requests()).at(-1)!;
      expect(get.method).toBe('GET');
      expect(get.path).toBe(`${prefix}/archive/${started.id}`);
      expect(get.query).toEqual({});
      expectAuthHeaders(get, mode, false);

      const state = await archiveState(started.id);
      expect(state.status).toBe('available');
      expect(available.url).toBe(state.url);
      expect(available.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.+\.mp4$/);
      expect(available.reason).toBe('user initiated');
      const file = Buffer.from(await (await fetch(available.url!)).arrayBuffer());
      expect(available.size).toBe(file.length);
      expect(available.sha256sum).toBe(createHash('sha256').update(file).digest('hex'));
    });

    it('is paused while nobody publishes and resumes when someone does', async () => {
      const { sessionId, participants } = await sessionWithClients(client, h.emu, { publish: false });
      const archive = await startArchive(client, sessionId);
      expect((await getArchive(client, archive.id)).status).toBe('paused');
      const { streamId } = await h.emu.control.publish(sessionId, participants[0]!.connectionId);
      expect((await getArchive(client, archive.id)).status).toBe('started');
      await h.emu.control.unpublish(sessionId, streamId);
      expect((await getArchive(client, archive.id)).status).toBe('paused');
      expect((await stopArchive(client, archive.id)).status).toBe('stopped');
    });

    it('deletes only available archives; deleted ones leave the lists', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const archive = await startArchive(client, sessionId);

      await h.mark();
      const early = await rejection(deleteArchive(client, archive.id));
      expect(early).toBeInstanceOf(ConflictError);
      expect(early).toMatchObject({ status: 409, code: 'conflict', method: 'DELETE' });
      expect(early.message).toMatch(/available OR uploaded OR deleted/);
      expect((early.body as { code: number }).code).toBe(15004);
      expect((await archiveState(archive.id)).status).toBe('started');

      await stopArchive(client, archive.id);
      await until(() => getArchive(client, archive.id), (a) => a.status === 'available');
      expect((await listArchives(client, { sessionId })).items.map((a) => a.id)).toEqual([archive.id]);

      await h.mark();
      await expect(deleteArchive(client, archive.id)).resolves.toBeUndefined();
      const request = await h.lastRequest();
      expect(request).toMatchObject({ method: 'DELETE', path: `${prefix}/archive/${archive.id}`, status: 204, rawBody: '' });
      expectAuthHeaders(request, mode, false);
      expect((await archiveState(archive.id)).status).toBe('deleted');
      expect(await listArchives(client, { sessionId })).toEqual({ items: [], totalCount: 0 });
      // Deleting a deleted archive is allowed (§5.3).
      await expect(deleteArchive(client, archive.id)).resolves.toBeUndefined();
    });

    it('stopping an archive that is not recording is a 409; unknown IDs are 404', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const archive = await startArchive(client, sessionId);
      await stopArchive(client, archive.id);
      await until(() => getArchive(client, archive.id), (a) => a.status === 'available');
      const error = await rejection(stopArchive(client, archive.id));
      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ status: 409, code: 'conflict' });
      expect(error.message).toMatch(/You can only stop an archive/);
      expect((error.body as { code: number }).code).toBe(15002);

      const unknown = '00000000-0000-4000-8000-000000000000';
      for (const run of [() => stopArchive(client, unknown), () => getArchive(client, unknown), () => deleteArchive(client, unknown)]) {
        const notFound = await rejection(run());
        expect(notFound).toBeInstanceOf(NotFoundError);
        expect(notFound).toMatchObject({ status: 404, code: 'not_found', message: 'Archive not found' });
      }
    });
  });

  describe('setArchiveLayout', () => {
    it('sends each layout form and the emulator applies it', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const archive = await startArchive(client, sessionId);
      const layouts: Layout[] = [
        { type: 'custom', stylesheet: 'stream.instructor {position: absolute; width: 100%; height:50%;}' },
        { type: 'bestFit', screenshareType: 'verticalPresentation' },
        { type: 'horizontalPresentation' },
        { type: 'bestFit' },
      ];
      for (const layout of layouts) {
        await h.mark();
        await expect(setArchiveLayout(client, archive.id, layout)).resolves.toBeUndefined();
        const request = await h.lastRequest();
        expect(request.method).toBe('PUT');
        expect(request.path).toBe(`${prefix}/archive/${archive.id}/layout`);
        expectAuthHeaders(request, mode, true);
        expect(request.body).toStrictEqual(layout);
        expect((await archiveState(archive.id)).layout).toStrictEqual(layout);
      }
    });

    it('400 for an individual archive, 404 for an unknown one', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const archive = await startArchive(client, sessionId, { outputMode: 'individual' });
      const error = await rejection(setArchiveLayout(client, archive.id, { type: 'pip' }));
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error).toMatchObject({ status: 400, code: 'bad_request' });
      expect(error.message).toMatch(/composed/);
      const missing = await rejection(setArchiveLayout(client, 'no-such-archive', { type: 'pip' }));
      expect(missing).toBeInstanceOf(NotFoundError);
      expect(missing.status).toBe(404);
    });

    const invalid: [string, unknown, string][] = [
      ['custom without stylesheet', { type: 'custom' }, 'layout.stylesheet'],
      ['a stylesheet without custom', { type: 'pip', stylesheet: 'x {}' }, 'layout.stylesheet'],
      ['screenshareType without bestFit', { type: 'verticalPresentation', screenshareType: 'pip' }, 'layout.screenshareType'],
      ['screenshareType with custom', { type: 'custom', stylesheet: 'x {}', screenshareType: 'bestFit' }, 'layout.screenshareType'],
      ['screenshareType custom', { type: 'bestFit', screenshareType: 'custom' }, 'layout.screenshareType'],
      ['an unknown type', { type: 'grid' }, 'layout.type'],
      ['no type', {}, 'layout.type'],
      ['an unknown key', { type: 'bestFit', extra: true }, 'layout.extra'],
      ['no object', undefined, 'layout'],
    ];
    it.each(invalid)('rejects %s locally', async (_name, layout, field) => {
      await expectRejectedLocally(h, () => setArchiveLayout(client, 'archive-id', layout as Layout), field);
    });

    it('rejects unknown option keys locally', async () => {
      await expectRejectedLocally(h, () => setArchiveLayout(client, 'archive-id', { type: 'pip' }, { type: 'pip' } as never), 'type');
    });
  });

  describe('addArchiveStream / removeArchiveStream', () => {
    it('selects streams in manual mode with exact bodies', async () => {
      const { sessionId, participants } = await sessionWithClients(client, h.emu, { clients: 2 });
      const [one, two] = participants.map((p) => p.streamId!);
      const archive = await startArchive(client, sessionId, { streamMode: 'manual' });

      const steps: [() => Promise<void>, unknown, unknown][] = [
        [() => addArchiveStream(client, archive.id, one!), { addStream: one, hasAudio: true, hasVideo: true }, [{ streamId: one, hasAudio: true, hasVideo: true }]],
        [
          () => addArchiveStream(client, archive.id, two!, { hasAudio: false }),
          { addStream: two, hasAudio: false, hasVideo: true },
          [
            { streamId: one, hasAudio: true, hasVideo: true },
            { streamId: two, hasAudio: false, hasVideo: true },
          ],
        ],
        [
          () => addArchiveStream(client, archive.id, one!, { hasVideo: false }),
          { addStream: one, hasAudio: true, hasVideo: false },
          [
            { streamId: one, hasAudio: true, hasVideo: false },
            { streamId: two, hasAudio: false, hasVideo: true },
          ],
        ],
        [() => removeArchiveStream(client, archive.id, one!), { removeStream: one }, [{ streamId: two, hasAudio: false, hasVideo: true }]],
      ];
      for (const [run, body, streams] of steps) {
        await h.mark();
        await expect(run()).resolves.toBeUndefined();
        const request = await h.lastRequest();
        expect(request.method).toBe('PATCH');
        expect(request.path).toBe(`${prefix}/archive/${archive.id}/streams`);
        expectAuthHeaders(request, mode, true);
        expect(request.body).toStrictEqual(body);
        expect(request.status).toBe(204);
        expect((await archiveState(archive.id)).streams).toEqual(streams);
        expect((await getArchive(client, archive.id)).streams).toEqual(streams);
      }
    });

    it('405 in auto stream mode; 404 for an unknown stream', async () => {
      const { sessionId, participants } = await sessionWithClients(client, h.emu);
      const auto = await startArchive(client, sessionId);
      for (const run of [
        () => addArchiveStream(client, auto.id, participants[0]!.streamId!),
        () => removeArchiveStream(client, auto.id, participants[0]!.streamId!),
      ]) {
        const error = await rejection(run());
        expect(error).toBeInstanceOf(InvalidRequestError);
        expect(error).toMatchObject({ status: 405, code: 'method_not_allowed', method: 'PATCH' });
        expect(error.message).toMatch(/Stream mode not supported/);
      }
      const manual = await startArchive(client, sessionId, { streamMode: 'manual', multiArchiveTag: 'manual' });
      const missing = await rejection(addArchiveStream(client, manual.id, 'no-such-stream'));
      expect(missing).toBeInstanceOf(NotFoundError);
      expect(missing).toMatchObject({ status: 404, message: 'Stream not found' });
      expect((await archiveState(manual.id)).streams).toEqual([]);
    });

    const invalid: [string, () => Promise<void>, string][] = [
      ['neither audio nor video', () => addArchiveStream(client, 'a', 's', { hasAudio: false, hasVideo: false }), 'hasVideo'],
      ['a non-boolean hasVideo', () => addArchiveStream(client, 'a', 's', { hasVideo: 0 as never }), 'hasVideo'],
      ['an unknown add option', () => addArchiveStream(client, 'a', 's', { audio: true } as never), 'audio'],
      ['an unknown remove option', () => removeArchiveStream(client, 'a', 's', { hasAudio: true } as never), 'hasAudio'],
      ['an empty stream ID to add', () => addArchiveStream(client, 'a', ''), 'streamId'],
      ['an empty stream ID to remove', () => removeArchiveStream(client, 'a', ''), 'streamId'],
      ['a non-string stream ID', () => addArchiveStream(client, 'a', 7 as never), 'streamId'],
    ];
    it.each(invalid)('rejects %s locally', async (_name, run, field) => {
      await expectRejectedLocally(h, run, field);
    });
  });

  describe('listArchives / iterateArchives', () => {
    let sessionId: string;
    let ids: string[];
    beforeAll(async () => {
      ({ sessionId } = await sessionWithClients(client, h.emu));
      ids = [];
      for (let i = 0; i < 7; i++) ids.push((await startArchive(client, sessionId, { multiArchiveTag: `list-${i}` })).id);
    });
    const newestFirst = () => [...ids].reverse();

    it('lists a session newest first with the total count', async () => {
      await h.mark();
      const page = await listArchives(client, { sessionId });
      const request = await h.lastRequest();
      expect(request.method).toBe('GET');
      expect(request.path).toBe(`${prefix}/archive`);
      expect(request.query).toEqual({ sessionId });
      expectAuthHeaders(request, mode, false);
      expect(page.totalCount).toBe(7);
      expect(page.items.map((a) => a.id)).toEqual(newestFirst());
      expect(page.items.every((a) => a.sessionId === sessionId && a.status === 'started')).toBe(true);
    });

    it('sends offset and count; totalCount stays the total', async () => {
      await h.mark();
      const page = await listArchives(client, { sessionId, offset: 2, count: 3 });
      expect((await h.lastRequest()).query).toEqual({ offset: '2', count: '3', sessionId });
      expect(page).toMatchObject({ totalCount: 7 });
      expect(page.items.map((a) => a.id)).toEqual(newestFirst().slice(2, 5));

      await h.mark();
      const edge = await listArchives(client, { sessionId, offset: 0, count: 1 });
      expect((await h.lastRequest()).query).toEqual({ offset: '0', count: '1', sessionId });
      expect(edge.items.map((a) => a.id)).toEqual(newestFirst().slice(0, 1));

      await h.mark();
      const max = await listArchives(client, { sessionId, count: 1000 });
      expect((await h.lastRequest()).query).toEqual({ count: '1000', sessionId });
      expect(max.items).toHaveLength(7);
    });

    it('lists the whole project without a query', async () => {
      await h.mark();
      const page = await listArchives(client);
      const request = await h.lastRequest();
      expect(request.query).toEqual({});
      const state = (await h.emu.control.state()).archives.filter(
        (a) => (a.applicationId ?? a.projectId) === client.projectKey && a.status !== 'deleted',
      );
      expect(page.totalCount).toBe(state.length);
      expect(page.items.map((a) => a.id)).toEqual(state.map((a) => a.id).reverse().slice(0, 50));
    });

    it('iterates every page', async () => {
      await h.mark();
      const seen: string[] = [];
      for await (const archive of iterateArchives(client, { sessionId, pageSize: 3 })) seen.push(archive.id);
      expect(seen).toEqual(newestFirst());
      const requests = await h.requests();
      expect(requests.map((r) => r.query)).toEqual([
        { offset: '0', count: '3', sessionId },
        { offset: '3', count: '3', sessionId },
        { offset: '6', count: '3', sessionId },
      ]);
      for (const request of requests) {
        expect(request.path).toBe(`${prefix}/archive`);
        expectAuthHeaders(request, mode, false);
      }
    });

    it('iterates with offset and limit', async () => {
      await h.mark();
      const seen: string[] = [];
      for await (const archive of iterateArchives(client, { sessionId, offset: 1, pageSize: 2, limit: 3 })) seen.push(archive.id);
      expect(seen).toEqual(newestFirst().slice(1, 4));
      expect((await h.requests()).map((r) => r.query)).toEqual([
        { offset: '1', count: '2', sessionId },
        { offset: '3', count: '1', sessionId },
      ]);
    });

    const invalidList: [string, unknown, string][] = [
      ['a negative offset', { offset: -1 }, 'offset'],
      ['a fractional offset', { offset: 1.5 }, 'offset'],
      ['count 0', { count: 0 }, 'count'],
      ['count 1001', { count: 1001 }, 'count'],
      ['a string count', { count: '10' }, 'count'],
      ['an empty sessionId', { sessionId: '' }, 'sessionId'],
      ['an unknown option', { session_id: 'x' }, 'session_id'],
      ['a pageSize (iterate only)', { pageSize: 10 }, 'pageSize'],
    ];
    it.each(invalidList)('listArchives rejects %s locally', async (_name, options, field) => {
      await expectRejectedLocally(h, () => listArchives(client, options as never), field);
    });

    const invalidIterate: [string, unknown, string][] = [
      ['a negative offset', { offset: -1 }, 'offset'],
      ['pageSize 0', { pageSize: 0 }, 'pageSize'],
      ['pageSize 1001', { pageSize: 1001 }, 'pageSize'],
      ['a negative limit', { limit: -1 }, 'limit'],
      ['a count (list only)', { count: 5 }, 'count'],
      ['a non-string sessionId', { sessionId: 5 }, 'sessionId'],
      ['an unknown option', { size: 5 }, 'size'],
    ];
    it.each(invalidIterate)('iterateArchives rejects %s locally', async (_name, options, field) => {
      await expectRejectedLocally(h, () => iterateArchives(client, options as never).next(), field);
    });
  });

  describe('path segments', () => {
    const byId: [string, (id: string) => Promise<unknown>][] = [
      ['stopArchive', (id) => stopArchive(client, id)],
      ['getArchive', (id) => getArchive(client, id)],
      ['deleteArchive', (id) => deleteArchive(client, id)],
      ['setArchiveLayout', (id) => setArchiveLayout(client, id, { type: 'pip' })],
      ['addArchiveStream', (id) => addArchiveStream(client, id, 'stream')],
      ['removeArchiveStream', (id) => removeArchiveStream(client, id, 'stream')],
    ];
    for (const [name, run] of byId) {
      it.each(BAD_IDS)(`${name} rejects the archive ID %j locally`, async (id) => {
        await expectRejectedLocally(h, () => run(id), 'archiveId');
      });
    }

    it('percent-encodes an ID with reserved characters', async () => {
      await h.mark();
      const error = await rejection(getArchive(client, 'a b%c'));
      expect(error).toBeInstanceOf(NotFoundError);
      expect((await h.lastRequest()).path).toBe(`${prefix}/archive/a%20b%25c`);
    });
  });

  describe('documented error statuses (injected)', () => {
    const ID = 'c0ffee00-0000-4000-8000-000000000001';
    const ops: [string, string, string, () => Promise<unknown>, number[]][] = [
      ['startArchive', 'POST', '**/archive', () => startArchive(client, 'SESSION'), [400, 403, 404, 409, 500]],
      ['stopArchive', 'POST', `**/archive/${ID}/stop`, () => stopArchive(client, ID), [400, 403, 404, 409, 500]],
      ['getArchive', 'GET', `**/archive/${ID}`, () => getArchive(client, ID), [400, 403, 404, 500]],
      ['listArchives', 'GET', '**/archive', () => listArchives(client), [400, 403, 500]],
      ['deleteArchive', 'DELETE', `**/archive/${ID}`, () => deleteArchive(client, ID), [403, 404, 409, 500]],
      ['setArchiveLayout', 'PUT', `**/archive/${ID}/layout`, () => setArchiveLayout(client, ID, { type: 'pip' }), [400, 403, 404, 500]],
      ['addArchiveStream', 'PATCH', `**/archive/${ID}/streams`, () => addArchiveStream(client, ID, 's'), [400, 403, 404, 405]],
      ['removeArchiveStream', 'PATCH', `**/archive/${ID}/streams`, () => removeArchiveStream(client, ID, 's'), [400, 403, 404, 405]],
    ];
    const expected: Record<number, [ErrorClass, string]> = {
      400: [InvalidRequestError, 'bad_request'],
      403: [AuthenticationError, 'authentication_failed'],
      404: [NotFoundError, 'not_found'],
      405: [InvalidRequestError, 'method_not_allowed'],
      409: [ConflictError, 'conflict'],
      500: [ServerError, 'server_error'],
    };
    const cases = ops.flatMap(([name, method, path, run, statuses]) => statuses.map((status) => [name, status, method, path, run] as const));
    it.each(cases)('%s: HTTP %i', async (name, status, method, path, run) => {
      const body = { code: status === 409 ? 15002 : status, message: `The API says ${status} to ${name}` };
      await h.emu.control.injectFault({ method, path, action: { type: 'status', status, body } });
      await h.mark();
      const error = await rejection(run());
      const [ErrorClass, code] = expected[status]!;
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toMatchObject({ status, code, message: body.message, body, method });
      expect(await h.requests()).toHaveLength(1);
    });

    it('accepts any 2xx', async () => {
      const raw = { id: ID, status: 'started', sessionId: 'S', createdAt: 1000, updatedAt: 2000, name: 'x', outputMode: 'individual' };
      await h.emu.control.injectFault({ method: 'POST', path: '**/archive', action: { type: 'status', status: 201, body: raw } });
      expect(await startArchive(client, 'S')).toStrictEqual(toArchive(raw));
      await h.emu.control.injectFault({ method: 'GET', path: `**/archive/${ID}`, action: { type: 'status', status: 203, body: raw } });
      expect(await getArchive(client, ID)).toMatchObject({ id: ID, name: 'x', outputMode: 'individual', updatedAt: new Date(2000) });
      for (const [method, path, run] of [
        ['DELETE', `**/archive/${ID}`, () => deleteArchive(client, ID)],
        ['PUT', `**/archive/${ID}/layout`, () => setArchiveLayout(client, ID, { type: 'pip' })],
        ['PATCH', `**/archive/${ID}/streams`, () => addArchiveStream(client, ID, 's')],
      ] as const) {
        await h.emu.control.injectFault({ method, path, action: { type: 'status', status: 200, body: { ok: true } } });
        await expect(run()).resolves.toBeUndefined();
        await h.emu.control.injectFault({ method, path, action: { type: 'status', status: 202, body: '' } });
        await expect(run()).resolves.toBeUndefined();
      }
    });
  });

  describe('retries', () => {
    const retrying = () => h.client(mode, { retry: { maxAttempts: 3, baseDelay: 1, maxDelay: 5 } });

    it('never repeats a startArchive whose connection dropped after the archive was created', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      await h.emu.control.injectFault({ method: 'POST', path: '**/archive', afterHandling: true, action: { type: 'drop' } });
      await h.mark();
      const error = await rejection(startArchive(retrying(), sessionId));
      expect(error).toBeInstanceOf(NetworkError);
      expect(error.code).toBe('network_error');
      const requests = await h.requests();
      expect(requests.map((r) => [r.method, r.path])).toEqual([['POST', `${prefix}/archive`]]);
      const archives = await archivesOfSession(sessionId);
      expect(archives).toHaveLength(1);
      expect(archives[0]!.status).toBe('started');
    });

    it('never repeats a startArchive that timed out', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      await h.emu.control.injectFault({ method: 'POST', path: '**/archive', afterHandling: true, action: { type: 'delay', ms: 2000 } });
      await h.mark();
      const error = await rejection(startArchive(retrying(), sessionId, { timeout: 150 }));
      expect(error).toBeInstanceOf(TimeoutError);
      expect(await h.requests()).toHaveLength(1);
      expect(await archivesOfSession(sessionId)).toHaveLength(1);
    });

    it('does not repeat a startArchive after a 500', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      await h.emu.control.injectFault({ method: 'POST', path: '**/archive', action: { type: 'status', status: 500 } });
      await h.mark();
      const error = await rejection(startArchive(retrying(), sessionId));
      expect(error).toBeInstanceOf(ServerError);
      expect(await h.requests()).toHaveLength(1);
      expect(await archivesOfSession(sessionId)).toEqual([]);
    });

    it('retries a startArchive after a 503 (the request was not processed)', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      await h.emu.control.injectFault({ method: 'POST', path: '**/archive', action: { type: 'status', status: 503 } });
      await h.mark();
      const archive = await startArchive(retrying(), sessionId, { name: 'retried' });
      const requests = await h.requests();
      expect(requests.map((r) => r.status)).toEqual([503, 200]);
      expect(requests.map((r) => r.body)).toEqual([
        { sessionId, name: 'retried' },
        { sessionId, name: 'retried' },
      ]);
      expect((await archivesOfSession(sessionId)).map((a) => a.id)).toEqual([archive.id]);
    });

    it('retries a stopArchive after a 500 (repeating a stop creates nothing)', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const archive = await startArchive(client, sessionId);
      await h.emu.control.injectFault({ method: 'POST', path: '**/stop', action: { type: 'status', status: 500 } });
      await h.mark();
      expect((await stopArchive(retrying(), archive.id)).status).toBe('stopped');
      expect((await h.requests()).map((r) => r.status)).toEqual([500, 200]);
    });
  });
});
