import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { allowedHosts, readAllowedHosts } from './control-access.js';
import { EmulatorControl } from './control-client.js';
import { Faults } from './faults.js';
import { createProjects, type EmulatorCredentials, type OpenTokCredentials, type VonageCredentials } from './projects.js';
import { RequestLog } from './request-log.js';
import { createHandler, installFamilies } from './server.js';
import { State, type Settings } from './state.js';
import { Timers } from './timers.js';

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
}

/** A running emulator. */
export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:53117`: pass it as the SDK's host. */
  url: string;
  /** The credentials it accepts: one Vonage application and one OpenTok project. */
  credentials: EmulatorCredentials;
  /** A control-API client bound to this emulator. */
  control: EmulatorControl;
  /** Closes the server and every socket (keep-alive ones too) and clears every timer. */
  stop(): Promise<void>;
}

function readMs(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`${name} must be a non-negative number`);
  }
  return value;
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
  const timers = new Timers();
  const state = new State(projects, settings, timers);
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
      server.close(() => resolve());
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
    });
    return stopping;
  };

  return { url, credentials, control: new EmulatorControl(url), stop };
}
