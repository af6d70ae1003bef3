// Shared set-up for operation tests: one emulator over real sockets, a client for each credential
// kind, and helpers to read what reached the emulator. Imported by the packages' tests.
import { startEmulator, type Emulator, type EmulatorOptions, type RequestLogEntry } from '@video/emulator';
import { createClient, type ClientOptions, type VideoClient } from '@video/core';
import { createSession, generateToken, type CreateSessionOptions } from '@video/sessions';
import type { TokenRole } from '@video/auth';

export type Mode = 'vonage' | 'opentok';
export const MODES: Mode[] = ['vonage', 'opentok'];

export interface Harness {
  emu: Emulator;
  /** A client per credential kind, with retries off unless the test asks for them. */
  client(mode: Mode, options?: ClientOptions): VideoClient;
  /** The REST requests logged since the last `mark()`, secrets revealed (as they arrived). */
  requests(): Promise<RequestLogEntry[]>;
  /** The single REST request logged since the last `mark()`; fails if there were more or none. */
  lastRequest(): Promise<RequestLogEntry>;
  /** Starts a new window for `requests()`. */
  mark(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const emu = await startEmulator(options);
  let since = 0;
  // Wire-format tests compare bodies byte for byte, client tokens and SIP passwords included.
  const all = () => emu.control.requests({ revealSecrets: true });
  const harness: Harness = {
    emu,
    client(mode, clientOptions = {}) {
      return createClient({ ...emu.credentials[mode], baseUrl: emu.url }, { retry: false, ...clientOptions });
    },
    async requests() {
      return (await all()).filter((r) => r.seq > since);
    },
    async lastRequest() {
      const list = await harness.requests();
      if (list.length !== 1) throw new Error(`expected exactly one request, got ${list.length}: ${list.map((r) => `${r.method} ${r.path}`).join(', ')}`);
      return list[0]!;
    },
    async mark() {
      since = (await all()).at(-1)?.seq ?? since;
    },
    stop: () => emu.stop(),
  };
  return harness;
}

export interface Participant {
  connectionId: string;
  streamId: string | undefined;
  token: string;
}

/**
 * Creates a session (routed by default) and joins `clients` clients, each publishing a stream
 * unless `publish` is false. Returns the session ID and the participants.
 */
export async function sessionWithClients(
  client: VideoClient,
  emu: Emulator,
  { clients = 1, publish = true, role = 'publisher' as TokenRole, session = { mediaMode: 'routed' } as CreateSessionOptions } = {},
): Promise<{ sessionId: string; participants: Participant[] }> {
  const { sessionId } = await createSession(client, session);
  const participants: Participant[] = [];
  for (let i = 0; i < clients; i++) {
    const token = await generateToken(client, sessionId, { role, data: `client=${i}` });
    const { connectionId } = await emu.control.join(sessionId, token);
    const streamId = publish ? (await emu.control.publish(sessionId, connectionId, { name: `stream ${i}` })).streamId : undefined;
    participants.push({ connectionId, streamId, token });
  }
  return { sessionId, participants };
}

/** The project path prefix the SDK must use for a client. */
export const projectPrefix = (client: VideoClient) => `/v2/project/${client.projectKey}`;

/** Asserts the headers every REST call carries for the client's credential kind, and the body's content type. */
export function expectAuthHeaders(request: RequestLogEntry, mode: Mode, body: boolean | 'form'): void {
  const problems: string[] = [];
  if (mode === 'vonage') {
    if (request.headers.authorization !== '[redacted]') problems.push('no Authorization header');
    if (request.auth?.scheme !== 'bearer' || request.auth.alg !== 'RS256') problems.push('not a Bearer RS256 token');
    if ('x-opentok-auth' in request.headers) problems.push('unexpected X-OPENTOK-AUTH');
  } else {
    if (request.headers['x-opentok-auth'] !== '[redacted]') problems.push('no X-OPENTOK-AUTH header');
    if (request.auth?.scheme !== 'opentok' || request.auth.alg !== 'HS256') problems.push('not an HS256 OpenTok token');
    if ('authorization' in request.headers) problems.push('unexpected Authorization');
  }
  if (!/^@video\/core\/\S+ node\/v/.test(request.headers['user-agent'] ?? '')) problems.push(`user agent ${request.headers['user-agent']}`);
  if (request.headers.accept !== 'application/json') problems.push(`accept ${request.headers.accept}`);
  const contentType = request.headers['content-type'];
  const expected = body === 'form' ? 'application/x-www-form-urlencoded' : body ? 'application/json' : undefined;
  if (contentType !== expected) {
    problems.push(`content-type ${contentType}`);
  }
  if (problems.length) throw new Error(`${request.method} ${request.path}: ${problems.join('; ')}`);
}
