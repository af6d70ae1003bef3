import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { CallbackDispatcher, type Registration, type RetrySettings } from './callbacks/delivery.js';
import { callbackUrlProblem, readCallbackHosts } from './callbacks/hosts.js';
import { CALLBACK_TYPES, isCallbackType } from './callbacks/types.js';
import { allowedHosts, readAllowedHosts } from './control-access.js';
import { EmulatorControl } from './control-client.js';
import type { CallbackRegistrationInput, CallbackType } from './control-types.js';
import { Faults } from './faults.js';
import { createProjects, type EmulatorCredentials, type OpenTokCredentials, type VonageCredentials } from './projects.js';
import { RequestLog } from './request-log.js';
import { createHandler, installFamilies } from './server.js';
import { State, type Settings } from './state.js';
import { Timers } from './timers.js';

/** The retry schedule of callback deliveries; see {@link EmulatorCallbackOptions.retry}. */
export interface CallbackRetryOptions {
  /** Attempts in all, the first included. Default 5. */
  attempts?: number;
  /** Delay before the first retry; each next one doubles. Default 100 ms. */
  initialDelayMs?: number;
  /** Longest delay between two attempts. Default 2000 ms. */
  maxDelayMs?: number;
  /** No retry starts later than this after the event. Default 30 000 ms. */
  maxElapsedMs?: number;
  /** How long one attempt may wait for an answer. Default 5000 ms. */
  timeoutMs?: number;
}

/**
 * The retry schedule of the real callback service (callbacks.md §2.1: exponential backoff from
 * 5 s up to 15 min between attempts, for up to 24 h). Pass it as `callbacks.retry` to
 * reproduce it; the default schedule is the same shape compressed into a few seconds.
 */
export const SERVICE_CALLBACK_RETRY: Readonly<Required<CallbackRetryOptions>> = Object.freeze({
  attempts: 1000,
  initialDelayMs: 5000,
  maxDelayMs: 15 * 60_000,
  maxElapsedMs: 24 * 60 * 60_000,
  timeoutMs: 30_000,
});

/** Callbacks (webhooks): where the emulator sends them and how. See the README's "Callbacks". */
export interface EmulatorCallbackOptions {
  /** Register this URL for every callback type (the CLI's `--callback`). */
  url?: string;
  /** The signature secret of the types `url` registers (`--callback-secret`): callbacks are then signed. */
  secret?: string;
  /** Per callback type (Application API names): URL, `active` and secret; wins over `url` for its type. */
  types?: Partial<Record<CallbackType, CallbackRegistrationInput>>;
  /** Retries on a non-2xx answer or a network failure. Default: 5 attempts, 100 ms doubling to 2 s, within 30 s. */
  retry?: CallbackRetryOptions;
  /** Send every callback twice (same body, same token), as the service may. Default false. */
  duplicates?: boolean;
  /**
   * Stopped archives end `uploaded` (as with an upload target), and their `uploaded` callback is
   * sent before their `stopped` one, as the service may do for a short archive. Default false.
   */
  uploadedBeforeStopped?: boolean;
}

/** Options of {@link startEmulator}. Everything is optional. */
export interface EmulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default `127.0.0.1` (loopback only). */
  host?: string;
  /**
   * Host names (without port) under which the control API may be reached besides `localhost`,
   * `127.x.x.x`, `[::1]` and `host`; e.g. a Docker service name. Any other `Host` header gets 403,
   * so that a web page cannot drive the control API through DNS rebinding.
   */
  allowedHosts?: readonly string[];
  /** A fixed Vonage application to accept; default: a new UUID and RSA 2048 key pair. */
  vonage?: Partial<VonageCredentials>;
  /** A fixed OpenTok project to accept; default: a new 8-digit key and 40-hex-digit secret. */
  opentok?: Partial<OpenTokCredentials>;
  /** How long a stopped archive stays `stopped` before it is `available`. Default 100 ms. */
  archiveProcessingMs?: number;
  /** How long a broadcast's HLS/RTMP outputs stay `connecting` before they are `live`. Default 100 ms. */
  broadcastStartMs?: number;
  /** How long an Experience Composer stays `starting` before it is `started` and publishes. Default 100 ms. */
  renderStartMs?: number;
  /** How long after the last client left a session its archives and broadcasts stop. Default 60 000 ms. */
  idleTimeoutMs?: number;
  /** Largest request body accepted; larger ones get 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** How many REST requests the request log keeps. Default 5000. */
  requestLogLimit?: number;
  /**
   * How long after a session's creation, and after its last migration completed, a migration is
   * refused with 409 code 15215. Default 0 (never refused for that reason): set it to exercise 15215.
   */
  migrationWindowMs?: number;
  /** How long a session migration runs; a migration asked for meanwhile is 409 code 15214. Default 100 ms. */
  migrationDurationMs?: number;
  /** Callbacks (webhooks) to send: none unless registered here, through the control API or `/callback`. */
  callbacks?: EmulatorCallbackOptions;
  /**
   * Host names (without port) that callback URLs may name besides loopback ones (`localhost`,
   * `127.x.x.x`, `[::1]`). Default none: the emulator sends nothing off this machine unless told to.
   */
  allowedCallbackHosts?: readonly string[];
}

/** A running emulator. */
export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:53117`: pass it as the SDK's host. */
  url: string;
  /** The credentials it accepts: one Vonage application and one OpenTok project. */
  credentials: EmulatorCredentials;
  /** A control-API client bound to this emulator. */
  control: EmulatorControl;
  /**
   * Closes the server and every socket (keep-alive ones too), clears every timer and cancels the
   * callbacks not yet delivered.
   */
  stop(): Promise<void>;
}

function readMs(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`${name} must be a non-negative number`);
  }
  return value;
}

function readCount(name: string, value: number | undefined, fallback: number): number {
  const n = readMs(name, value, fallback);
  if (!Number.isInteger(n) || n < 1) throw new TypeError(`${name} must be an integer of at least 1`);
  return n;
}

/** The dispatcher of `options.callbacks`, with every URL checked against the loopback rule. */
function createDispatcher(options: EmulatorOptions): CallbackDispatcher {
  const given = options.callbacks ?? {};
  if (typeof given !== 'object' || given === null) throw new TypeError('callbacks must be an object');
  const hosts = readCallbackHosts(options.allowedCallbackHosts);
  const checkUrl = (name: string, url: unknown): string => {
    if (typeof url !== 'string') throw new TypeError(`${name} must be a URL string`);
    const problem = callbackUrlProblem(url, hosts);
    if (problem !== undefined) throw new TypeError(`${name} ${problem}`);
    return url;
  };
  const checkSecret = (name: string, secret: unknown): string | undefined => {
    if (secret === undefined) return undefined;
    if (typeof secret !== 'string' || secret === '') throw new TypeError(`${name} must be a non-empty string`);
    return secret;
  };
  const registrations = new Map<CallbackType, Registration>();
  if (given.url !== undefined) {
    const url = checkUrl('callbacks.url', given.url);
    const secret = checkSecret('callbacks.secret', given.secret);
    for (const type of CALLBACK_TYPES) registrations.set(type, { url, active: true, secret });
  } else if (given.secret !== undefined) {
    throw new TypeError('callbacks.secret needs callbacks.url (or give each type its own secret in callbacks.types)');
  }
  for (const [type, input] of Object.entries(given.types ?? {})) {
    if (!isCallbackType(type)) throw new TypeError(`callbacks.types.${type} is not a callback type; one of: ${CALLBACK_TYPES.join(', ')}`);
    if (input === undefined) continue;
    if (input.active !== undefined && typeof input.active !== 'boolean') throw new TypeError(`callbacks.types.${type}.active must be a boolean`);
    registrations.set(type, {
      url: checkUrl(`callbacks.types.${type}.url`, input.url),
      active: input.active ?? true,
      secret: checkSecret(`callbacks.types.${type}.secret`, input.secret),
    });
  }
  const retry = given.retry ?? {};
  const settings: RetrySettings = {
    attempts: readCount('callbacks.retry.attempts', retry.attempts, 5),
    initialDelayMs: readMs('callbacks.retry.initialDelayMs', retry.initialDelayMs, 100),
    maxDelayMs: readMs('callbacks.retry.maxDelayMs', retry.maxDelayMs, 2000),
    maxElapsedMs: readMs('callbacks.retry.maxElapsedMs', retry.maxElapsedMs, 30_000),
    timeoutMs: readMs('callbacks.retry.timeoutMs', retry.timeoutMs, 5000),
  };
  return new CallbackDispatcher({
    registrations,
    retry: settings,
    allowedHosts: hosts,
    duplicates: given.duplicates === true,
    uploadedBeforeStopped: given.uploadedBeforeStopped === true,
  });
}

function formatUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Starts a local, stateful emulator of the Vonage Video / OpenTok REST API on loopback, for tests,
 * demos and CI, the way stripe-mock stands in for Stripe. The official SDKs work against its URL
 * unchanged; its control API joins clients and injects faults.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const settings: Settings = {
    archiveProcessingMs: readMs('archiveProcessingMs', options.archiveProcessingMs, 100),
    broadcastStartMs: readMs('broadcastStartMs', options.broadcastStartMs, 100),
    renderStartMs: readMs('renderStartMs', options.renderStartMs, 100),
    idleTimeoutMs: readMs('idleTimeoutMs', options.idleTimeoutMs, 60_000),
    maxBodyBytes: readMs('maxBodyBytes', options.maxBodyBytes, 1024 * 1024),
    requestLogLimit: readMs('requestLogLimit', options.requestLogLimit, 5000),
    migrationWindowMs: readMs('migrationWindowMs', options.migrationWindowMs, 0),
    migrationDurationMs: readMs('migrationDurationMs', options.migrationDurationMs, 100),
  };
  const host = options.host ?? '127.0.0.1';
  const extraHosts = readAllowedHosts(options.allowedHosts);
  const { credentials, projects } = await createProjects({
    ...(options.vonage ? { vonage: options.vonage } : {}),
    ...(options.opentok ? { opentok: options.opentok } : {}),
  });
  const dispatcher = createDispatcher(options);
  const timers = new Timers();
  const state = new State(projects, settings, timers);
  state.dispatcher = dispatcher;
  installFamilies(state);
  const faults = new Faults();
  const requestLog = new RequestLog(settings.requestLogLimit);

  const delays = new Timers();
  const server: Server = createServer(
    { keepAliveTimeout: 5000 },
    createHandler({ state, faults, requestLog, delays, allowedHosts: allowedHosts(host, extraHosts) }),
  );
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || socket.destroyed) {
      socket.destroy();
      return;
    }
    const tooLong = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLong ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const body = JSON.stringify({ code: tooLong ? 431 : 400, message: tooLong ? 'Request headers too large' : 'Malformed HTTP request' });
    socket.end(
      `HTTP/1.1 ${status}\r\nDate: ${new Date().toUTCString()}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);
  const url = formatUrl(host, port);
  state.baseUrl = url;

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= new Promise<void>((resolve) => {
      timers.clearAll();
      delays.clearAll();
      dispatcher.stop();
      server.close(() => resolve());
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
    });
    return stopping;
  };

  return { url, credentials, control: new EmulatorControl(url), stop };
}
