// @video/archives against the emulator over real sockets, in both credential modes: the exact
// requests that reach it, the state it holds afterwards, local validation, and error mapping.
// What archives share with broadcasts and renders (lifecycle requests, layout, stream selection,
// lists, IDs, error statuses, retries) is registered by the contract kit at the end.
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
import { ConflictError, InvalidRequestError, NotFoundError, type Layout, type VideoClient } from '@video/core';
import { expectAuthHeaders, MODES, projectPrefix, sessionWithClients, startHarness, type Harness } from '../../../test/support/harness.js';
import { expectApiError, expectRejectedLocally, ownerOf, rejection, until } from '../../../test/support/assertions.js';
import { describeResourceContract } from '../../../test/support/resource-contract.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ archiveProcessingMs: 20 });
});
afterAll(() => h.stop());
afterEach(() => h.emu.control.clearFaults());

async function archiveState(id: string): Promise<Record<string, unknown>> {
  const found = (await h.emu.control.state()).archives.find((a) => a.id === id);
  if (!found) throw new Error(`archive ${id} is not in the emulator state`);
  return found;
}

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
    it('returns the started archive with its defaults', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const archive = await startArchive(client, sessionId);
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
        hasTranscription: false,
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
        hasTranscription: false,
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
        hasTranscription: false,
      });
      expect(archive).toMatchObject({
        name: 'Full',
        hasVideo: false,
        resolution: '1280x720',
        streamMode: 'manual',
        multiArchiveTag: 'tag-full',
        maxBitrate: 2_000_000,
        quantizationParameter: undefined,
        hasTranscription: false,
        transcription: undefined,
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

    const invalid: [string, unknown, string][] = [
      ['an unknown output mode', { outputMode: 'mixed' }, 'outputMode'],
      ['neither audio nor video', { hasAudio: false, hasVideo: false }, 'hasVideo'],
      ['a resolution with individual output', { outputMode: 'individual', resolution: '1280x720' }, 'resolution'],
      ['a layout with individual output', { outputMode: 'individual', layout: { type: 'pip' } }, 'layout'],
      ['a bitrate with individual output', { outputMode: 'individual', maxBitrate: 200_000 }, 'maxBitrate'],
      ['a QP with individual output', { outputMode: 'individual', quantizationParameter: 20 }, 'quantizationParameter'],
      ['a QP below 15', { quantizationParameter: 14 }, 'quantizationParameter'],
      ['a QP above 40', { quantizationParameter: 41 }, 'quantizationParameter'],
      ['both bitrate and QP', { maxBitrate: 200_000, quantizationParameter: 20 }, 'quantizationParameter'],
      ['a non-string name', { name: 5 }, 'name'],
      ['transcription properties without transcription', { transcriptionProperties: { hasSummary: true } }, 'transcriptionProperties'],
      ['an unknown transcription property', { hasTranscription: true, transcriptionProperties: { language: 'en' } }, 'transcriptionProperties.language'],
      ['a non-string language code', { hasTranscription: true, outputMode: 'individual', transcriptionProperties: { primaryLanguageCode: 1 } }, 'transcriptionProperties.primaryLanguageCode'],
      ['transcription of a composed archive (the default)', { hasTranscription: true }, 'hasTranscription'],
      ['transcription of a composed archive', { hasTranscription: true, outputMode: 'composed', transcriptionProperties: {} }, 'hasTranscription'],
      ['transcription without audio', { hasTranscription: true, outputMode: 'individual', hasAudio: false }, 'hasTranscription'],
    ];
    it.each(invalid)('rejects %s locally', async (_name, options, field) => {
      await expectRejectedLocally(h, () => startArchive(client, 'SESSION', options as StartArchiveOptions), field);
    });

    it('says why transcription needs an individual archive with audio', async () => {
      const composed = await expectRejectedLocally(h, () => startArchive(client, 'SESSION', { hasTranscription: true }), 'hasTranscription');
      expect(composed.message).toBe("Invalid hasTranscription: needs outputMode: 'individual' (transcription is only for individual stream archives)");
      const silent = await expectRejectedLocally(
        h,
        () => startArchive(client, 'SESSION', { hasTranscription: true, outputMode: 'individual', hasAudio: false }),
        'hasTranscription',
      );
      expect(silent.message).toBe('Invalid hasTranscription: needs audio: hasAudio must not be false');
    });

    it('transcribes an individual archive: the wire form, and the transcription as it follows the archive', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const options: StartArchiveOptions = {
        outputMode: 'individual',
        hasAudio: true,
        hasTranscription: true,
        transcriptionProperties: { primaryLanguageCode: 'fr-FR', hasSummary: true },
      };
      await h.mark();
      const started = await startArchive(client, sessionId, options);
      const request = await h.lastRequest();
      expect(request).toMatchObject({ method: 'POST', path: `${prefix}/archive`, status: 200 });
      expect(request.body).toStrictEqual({ sessionId, ...options });
      expect(started).toMatchObject({ outputMode: 'individual', hasTranscription: true });
      expect(started.transcription).toStrictEqual({ status: 'requested', reason: undefined, url: undefined, primaryLanguageCode: 'fr-FR', hasSummary: true });

      const stopped = await stopArchive(client, started.id);
      expect(stopped.transcription).toMatchObject({ status: 'started', url: undefined });
      const available = await until(() => getArchive(client, started.id), (a) => a.status === 'available');
      const state = await archiveState(started.id);
      expect(available.transcription).toStrictEqual({ ...(state.transcription as object), reason: undefined });
      expect(available.transcription).toMatchObject({ status: 'available', primaryLanguageCode: 'fr-FR', hasSummary: true });
      expect(available.transcription?.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/.+/${started.id}/transcription\\.json$`));
      const file = await fetch(available.transcription!.url!);
      expect(file.status).toBe(200);
      expect(await file.json()).toEqual({ archiveId: started.id, transcript: [] });
      const [listed] = (await listArchives(client, { sessionId })).items;
      expect(listed?.transcription).toStrictEqual(available.transcription);
    });

    it('reads a transcription status the API adds later as its string', () => {
      const archive = toArchive({ id: 'a', transcription: { status: 'summarising', url: '', hasSummary: true } });
      expect(archive.transcription).toStrictEqual({ status: 'summarising', reason: undefined, url: undefined, primaryLanguageCode: undefined, hasSummary: true });
      const failed = toArchive({ id: 'b', transcription: { status: 'failed', reason: 'no audio' } });
      expect(failed.transcription).toMatchObject({ status: 'failed', reason: 'no audio' });
    });

    it('409 when the session is already being recorded: reason already_recording, with what to do', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      await startArchive(client, sessionId);
      const error = await expectApiError(() => startArchive(client, sessionId), ConflictError, {
        status: 409,
        code: 'conflict',
        message:
          'Session is already being recorded: set a unique multiArchiveTag to record it again ' +
          '(stop the running archive first, or give each simultaneous archive its own multiArchiveTag)',
      });
      expect({ reason: (error as ConflictError).reason, apiCode: error.apiCode }).toEqual({ reason: 'already_recording', apiCode: 15001 });
    });

    it('409 for a relayed session keeps the API code 15008, without a reason', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu, { session: { mediaMode: 'relayed' } });
      const error = await rejection(startArchive(client, sessionId));
      expect(error).toBeInstanceOf(ConflictError);
      expect({ reason: (error as ConflictError).reason, apiCode: error.apiCode }).toEqual({ reason: undefined, apiCode: 15008 });
      expect(error.message).toBe('Only routed sessions are allowed to initiate archives (media mode "routed")');
    });
  });

  describe('lifecycle', () => {
    it('started → stopped → available with a downloadable URL', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const started = await startArchive(client, sessionId, { name: 'Lifecycle' });
      const stopped = await stopArchive(client, started.id);
      expect(stopped).toMatchObject({ id: started.id, status: 'stopped', reason: 'user initiated', url: undefined, name: 'Lifecycle' });

      const available = await until(() => getArchive(client, started.id), (a) => a.status === 'available');
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
      expect(early.message).toBe(
        'You can only delete an archive that has one of the following statuses: available OR uploaded OR deleted (this one is started) ' +
          "(stop the archive and wait until it is 'available' or 'uploaded' before deleting it)",
      );
      expect({ reason: (early as ConflictError).reason, apiCode: early.apiCode }).toEqual({ reason: 'not_deletable', apiCode: 15004 });
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

    it('stopping an archive that is not recording is a 409', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const archive = await startArchive(client, sessionId);
      await stopArchive(client, archive.id);
      await until(() => getArchive(client, archive.id), (a) => a.status === 'available');
      const error = await rejection(stopArchive(client, archive.id));
      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ status: 409, code: 'conflict' });
      expect(error.message).toBe(
        'You can only stop an archive that has one of the following statuses: started OR paused OR stopped ' +
          '(the archive has finished recording: there is nothing to stop)',
      );
      expect({ reason: (error as ConflictError).reason, apiCode: error.apiCode, retryable: error.retryable }).toEqual({
        reason: 'not_recording',
        apiCode: 15002,
        retryable: false,
      });
      expect((error.body as { code: number }).code).toBe(15002);
    });
  });

  describe('setArchiveLayout', () => {
    it('400 for an individual archive', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const archive = await startArchive(client, sessionId, { outputMode: 'individual' });
      const error = await rejection(setArchiveLayout(client, archive.id, { type: 'pip' }));
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error).toMatchObject({ status: 400, code: 'bad_request' });
      expect(error.message).toMatch(/composed/);
    });
  });
});

describeResourceContract<Archive, StartArchiveOptions>({
  harness: () => h,
  resource: 'archive',
  idField: 'archiveId',
  rows: (state) => state.archives,
  notFound: 'Archive not found',
  statuses: { afterStart: ['started'], running: 'started', stopped: 'available' },
  toItem: (raw) => toArchive(raw),
  sample: {
    raw: { id: 'c0ffee00-0000-4000-8000-000000000001', status: 'started', sessionId: 'S', createdAt: 1000, updatedAt: 2000, name: 'x', outputMode: 'individual' },
    expected: { id: 'c0ffee00-0000-4000-8000-000000000001', name: 'x', outputMode: 'individual', updatedAt: new Date(2000) },
  },
  start: {
    run: startArchive,
    errors: [400, 403, 404, 409, 500],
    status: 200,
    options: {},
    fields: { outputMode: 'composed', streamMode: 'auto', resolution: '640x480' },
    tag: {
      field: 'multiArchiveTag',
      running: /already being recorded/,
      duplicate: /^Session is already composed for given tag \(stop the running archive first, or give each simultaneous archive its own multiArchiveTag\)$/,
    },
    withoutClients: { error: NotFoundError, status: 404, code: 'not_found', message: /no clients/i },
  },
  stop: { run: stopArchive, errors: [400, 403, 404, 409, 500], method: 'POST', status: 200 },
  get: { run: getArchive, errors: [400, 403, 404, 500] },
  list: { run: listArchives, iterate: iterateArchives, bySession: true, errors: [400, 403, 500] },
  delete: { run: deleteArchive, errors: [403, 404, 409, 500] },
  layout: { run: setArchiveLayout, errors: [400, 403, 404, 500] },
  streams: {
    add: { run: addArchiveStream, errors: [400, 403, 404, 405] },
    remove: { run: removeArchiveStream, errors: [400, 403, 404, 405] },
  },
  composed: {
    accepted: [
      { quantizationParameter: 15 },
      { quantizationParameter: 40 },
      { hasTranscription: false },
    ],
  },
});
