import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSessionId } from '@video/auth';
import { AuthenticationError, InvalidRequestError, InvalidResponseError, ServerError, type VideoClient } from '@video/core';
import { createSession, type CreateSessionOptions, type Session } from '@video/sessions';
import { expectAuthHeaders, MODES, startHarness, type Harness, type Mode } from '../../../test/support/harness.js';
import { expectApiError, expectRejectedLocally, failNext, rejection, wrongKeyClient } from '../../../test/support/assertions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const FORM = 'application/x-www-form-urlencoded';

describe.each(MODES)('createSession (%s credentials)', (mode: Mode) => {
  let client: VideoClient;
  beforeAll(() => {
    client = h.client(mode);
  });

  /** Creates a session and checks the request that reached the emulator; returns both. */
  async function create(options: CreateSessionOptions | undefined, rawBody: string) {
    await h.mark();
    const session = options === undefined ? await createSession(client) : await createSession(client, options);
    const request = await h.lastRequest();
    expect({ method: request.method, path: request.path, query: request.query, status: request.status }).toEqual({
      method: 'POST',
      path: '/session/create',
      query: {},
      status: 200,
    });
    expect(request.headers['content-type']).toBe(FORM);
    expect(request.rawBody).toBe(rawBody);
    expect(request.body).toEqual(Object.fromEntries(new URLSearchParams(rawBody)));
    expectAuthHeaders(request, mode, 'form');
    const stored = (await h.emu.control.state()).sessions.find((s) => s.sessionId === session.sessionId);
    expect(stored).toBeDefined();
    return { session, stored: stored! };
  }

  it('creates a relayed session by default (p2p.preference=enabled) and returns plain data', async () => {
    const { session, stored } = await create(undefined, 'archiveMode=manual&p2p.preference=enabled');
    expect(session).toEqual<Session>({
      sessionId: stored.sessionId,
      mediaMode: 'relayed',
      archiveMode: 'manual',
      location: undefined,
      e2ee: false,
      archiveName: undefined,
      archiveResolution: undefined,
      createdAt: new Date(Math.floor(stored.createdAt / 1000) * 1000),
      mediaServerUrl: undefined,
    });
    expect(Object.getPrototypeOf(session)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(session))).toEqual({
      sessionId: stored.sessionId,
      mediaMode: 'relayed',
      archiveMode: 'manual',
      e2ee: false,
      createdAt: new Date(Math.floor(stored.createdAt / 1000) * 1000).toISOString(),
    });
    expect(stored).toMatchObject({
      projectKey: client.projectKey,
      mediaMode: 'relayed',
      archiveMode: 'manual',
      e2ee: false,
      location: null,
      archiveName: null,
      archiveResolution: null,
      connections: [],
      streams: [],
    });
  });

  it('returns a session ID that decodes to the project key', async () => {
    const { session } = await create({}, 'archiveMode=manual&p2p.preference=enabled');
    expect(session.sessionId).toMatch(/^1_[A-Za-z0-9_-]+$/);
    expect(decodeSessionId(session.sessionId).projectKey).toBe(client.projectKey);
  });

  it("sends mediaMode 'relayed' as p2p.preference=enabled", async () => {
    const { session, stored } = await create({ mediaMode: 'relayed' }, 'archiveMode=manual&p2p.preference=enabled');
    expect(session.mediaMode).toBe('relayed');
    expect(stored.mediaMode).toBe('relayed');
  });

  it("sends mediaMode 'routed' as p2p.preference=disabled", async () => {
    const { session, stored } = await create({ mediaMode: 'routed' }, 'archiveMode=manual&p2p.preference=disabled');
    expect(session.mediaMode).toBe('routed');
    expect(stored.mediaMode).toBe('routed');
  });

  it("sends archiveMode 'manual' explicitly", async () => {
    const { stored } = await create({ mediaMode: 'routed', archiveMode: 'manual' }, 'archiveMode=manual&p2p.preference=disabled');
    expect(stored.archiveMode).toBe('manual');
  });

  it("sends archiveMode 'always' with archiveName and archiveResolution", async () => {
    const { session, stored } = await create(
      { mediaMode: 'routed', archiveMode: 'always', archiveName: 'Weekly demo~1', archiveResolution: '1280x720' },
      'archiveMode=always&archiveName=Weekly+demo%7E1&archiveResolution=1280x720&p2p.preference=disabled',
    );
    expect(session).toMatchObject({
      mediaMode: 'routed',
      archiveMode: 'always',
      archiveName: 'Weekly demo~1',
      archiveResolution: '1280x720',
    });
    // The service turns "~" into ":" in automatic archive names.
    expect(stored).toMatchObject({ archiveMode: 'always', archiveName: 'Weekly demo:1', archiveResolution: '1280x720' });
  });

  it('accepts every archive resolution and archive names of 1 and 80 characters', async () => {
    for (const resolution of ['640x480', '480x640', '1280x720', '720x1280', '1920x1080', '1080x1920'] as const) {
      const { stored } = await create(
        { mediaMode: 'routed', archiveMode: 'always', archiveResolution: resolution },
        `archiveMode=always&archiveResolution=${resolution}&p2p.preference=disabled`,
      );
      expect(stored.archiveResolution).toBe(resolution);
    }
    const long = 'n'.repeat(80);
    const { stored } = await create(
      { mediaMode: 'routed', archiveMode: 'always', archiveName: long },
      `archiveMode=always&archiveName=${long}&p2p.preference=disabled`,
    );
    expect(stored.archiveName).toBe(long);
    await create({ mediaMode: 'routed', archiveMode: 'always', archiveName: 'x' }, 'archiveMode=always&archiveName=x&p2p.preference=disabled');
  });

  it('sends location and e2ee', async () => {
    const { session, stored } = await create(
      { mediaMode: 'routed', location: '10.1.1.1', e2ee: true },
      'archiveMode=manual&e2ee=true&location=10.1.1.1&p2p.preference=disabled',
    );
    expect(session).toMatchObject({ location: '10.1.1.1', e2ee: true, mediaMode: 'routed' });
    expect(stored).toMatchObject({ location: '10.1.1.1', e2ee: true });
    expect(decodeSessionId(session.sessionId).location).toBe('10.1.1.1');
  });

  it('sends e2ee=false when asked, and accepts boundary IPv4 addresses', async () => {
    const { stored } = await create({ e2ee: false }, 'archiveMode=manual&e2ee=false&p2p.preference=enabled');
    expect(stored.e2ee).toBe(false);
    for (const location of ['0.0.0.0', '255.255.255.255', '192.168.0.10']) {
      const result = await create({ location }, `archiveMode=manual&location=${location}&p2p.preference=enabled`);
      expect(result.session.location).toBe(location);
    }
  });

  it('never sends location=null or undefined options', async () => {
    const { stored } = await create(
      { mediaMode: undefined, archiveMode: undefined, location: undefined, e2ee: undefined, archiveName: undefined },
      'archiveMode=manual&p2p.preference=enabled',
    );
    expect(stored.location).toBeNull();
  });

  it('accepts per-call options', async () => {
    const { session } = await create({ mediaMode: 'routed', timeout: 5000, signal: new AbortController().signal }, 'archiveMode=manual&p2p.preference=disabled');
    expect(session.mediaMode).toBe('routed');
  });

  describe('rejects invalid options locally, naming the field', () => {
    const cases: [string, unknown, string][] = [
      ['an unknown option', { mediamode: 'routed' }, 'mediamode'],
      ['a snake_case option', { archive_mode: 'always' }, 'archive_mode'],
      ['options that are not an object', 'routed', 'options'],
      ['null options', null, 'options'],
      ['an unknown mediaMode', { mediaMode: 'p2p' }, 'mediaMode'],
      ['a p2p.preference value as mediaMode', { mediaMode: 'disabled' }, 'mediaMode'],
      ['an unknown archiveMode', { archiveMode: 'auto' }, 'archiveMode'],
      ["archiveMode 'always' with the default media mode", { archiveMode: 'always' }, 'archiveMode'],
      ["archiveMode 'always' when relayed", { mediaMode: 'relayed', archiveMode: 'always' }, 'archiveMode'],
      ['a location with three parts', { location: '10.1.1' }, 'location'],
      ['a location out of range', { location: '256.1.1.1' }, 'location'],
      ['an IPv6 location', { location: '::1' }, 'location'],
      ['a host name as location', { location: 'example.com' }, 'location'],
      ['an empty location', { location: '' }, 'location'],
      ['null as location', { location: null }, 'location'],
      ['e2ee as a string', { mediaMode: 'routed', e2ee: 'true' }, 'e2ee'],
      ['e2ee on a relayed session', { e2ee: true }, 'e2ee'],
      ['e2ee with archiveMode always', { mediaMode: 'routed', archiveMode: 'always', e2ee: true }, 'e2ee'],
      ['an empty archiveName', { mediaMode: 'routed', archiveMode: 'always', archiveName: '' }, 'archiveName'],
      ['an archiveName of 81 characters', { mediaMode: 'routed', archiveMode: 'always', archiveName: 'n'.repeat(81) }, 'archiveName'],
      ['a non-string archiveName', { mediaMode: 'routed', archiveMode: 'always', archiveName: 7 }, 'archiveName'],
      ['archiveName without archiveMode always', { mediaMode: 'routed', archiveName: 'x' }, 'archiveName'],
      ['an unknown archiveResolution', { mediaMode: 'routed', archiveMode: 'always', archiveResolution: '800x600' }, 'archiveResolution'],
      ['archiveResolution without archiveMode always', { mediaMode: 'routed', archiveResolution: '640x480' }, 'archiveResolution'],
      ['a zero timeout', { timeout: 0 }, 'timeout'],
      ['a signal that is no AbortSignal', { signal: 'stop' }, 'signal'],
    ];
    it.each(cases)('%s', async (_, options, field) => {
      await expectRejectedLocally(h, () => createSession(client, options as CreateSessionOptions), field);
    });
  });

  describe('errors', () => {
    it('maps a 403 for wrong credentials to AuthenticationError', async () => {
      const error = await expectApiError(() => createSession(wrongKeyClient(h, mode)), AuthenticationError, {
        status: 403,
        code: 'authentication_failed',
        message: 'Invalid token signature',
      });
      expect(error.method).toBe('POST');
      expect(error.url).toBe(`${h.emu.url}/session/create`);
    });

    it('maps a 400 to InvalidRequestError with the API message', async () => {
      await failNext(h, 'POST', '/session/create', 400, 'Invalid request: bad location');
      const error = await expectApiError(() => createSession(client), InvalidRequestError, {
        status: 400,
        code: 'bad_request',
        message: 'Invalid request: bad location',
      });
      expect(error.body).toEqual({ code: 400, message: 'Invalid request: bad location' });
    });

    it('maps a 500 to ServerError and does not repeat the POST', async () => {
      const retrying = h.client(mode, { retry: { maxAttempts: 3, baseDelay: 1, maxDelay: 1 } });
      await failNext(h, 'POST', '/session/create', 500, 'Internal error');
      await h.mark();
      await expectApiError(() => createSession(retrying), ServerError, { status: 500, code: 'server_error', message: 'Internal error' });
      expect((await h.requests()).length).toBe(1);
    });

    it('accepts any 2xx and a single object instead of an array', async () => {
      await h.emu.control.injectFault({
        method: 'POST',
        path: '/session/create',
        action: { type: 'status', status: 201, body: { session_id: '2_MX4xfn5-', create_dt: 'Sun Sep 15 21:56:28 PDT 2024', media_server_url: 'https://ms.example/x' } },
      });
      const session = await createSession(client, { mediaMode: 'routed' });
      expect(session).toEqual<Session>({
        sessionId: '2_MX4xfn5-',
        mediaMode: 'routed',
        archiveMode: 'manual',
        location: undefined,
        e2ee: false,
        archiveName: undefined,
        archiveResolution: undefined,
        createdAt: new Date('2024-09-16T04:56:28Z'),
        mediaServerUrl: 'https://ms.example/x',
      });
    });

    it('rejects a 2xx without a session_id as InvalidResponseError', async () => {
      await h.emu.control.injectFault({ method: 'POST', path: '/session/create', action: { type: 'status', status: 200, body: [] } });
      await expectApiError(() => createSession(client), InvalidResponseError, {
        status: 200,
        code: 'invalid_response',
        message: 'createSession: the response has no session_id',
      });
      await h.emu.control.injectFault({ method: 'POST', path: '/session/create', action: { type: 'empty' } });
      const error = await rejection(() => createSession(client));
      expect(error).toBeInstanceOf(InvalidResponseError);
    });
  });
});
