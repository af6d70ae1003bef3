// The REST contenders, built the same way for the rate/latency section and the memory children.
// Every SDK is used as its docs show, pointed at the canned server; ours keeps its default retry
// policy and timeout (the server only ever answers 200, so no retry happens).
import { createRequire } from 'node:module';
import { API_KEY, API_SECRET, APPLICATION_ID, ARCHIVE_ID, PRIVATE_KEY } from './fixtures.mjs';

const require = createRequire(import.meta.url);

/**
 * @typedef {{ getArchive(): Promise<unknown>, createSession(): Promise<unknown>, close(): Promise<void> }} RestClient
 */

export const OURS_FETCH = '@video (fetch transport)';
export const OURS_UNDICI = '@video (undici transport)';
export const OPENTOK = 'opentok';
export const VONAGE = '@vonage/video';
export const FLOOR_UNDICI = 'floor: raw undici.request';
export const FLOOR_FETCH = 'floor: raw fetch';
/**
 * Raw fetch given what any client with a deadline must give it: an AbortController's signal and a
 * timer per request. For reading: the fetch transport's distance to raw fetch is mostly this.
 */
export const FETCH_WITH_DEADLINE = 'raw fetch + deadline signal';
/** The raw client a contender is compared with: raw undici.request for the undici transport, raw fetch otherwise. */
export const floorOf = (/** @type {string} */ name) => (name === OURS_UNDICI || name === FLOOR_UNDICI ? FLOOR_UNDICI : FLOOR_FETCH);
export const REST_CONTENDERS = [OURS_FETCH, OURS_UNDICI, OPENTOK, VONAGE, FLOOR_UNDICI, FLOOR_FETCH, FETCH_WITH_DEADLINE];

const FORM = 'archiveMode=manual&p2p.preference=enabled';
// The floors send a header of the size of a real REST JWT, made once, as a client with a cached token would.
const FLOOR_HEADERS = { authorization: `Bearer ${'e'.repeat(560)}`, accept: 'application/json' };
const FLOOR_FORM_HEADERS = { ...FLOOR_HEADERS, 'content-type': 'application/x-www-form-urlencoded' };

/**
 * @param {string} name one of REST_CONTENDERS
 * @param {string} url the canned server, e.g. http://127.0.0.1:1234
 * @returns {Promise<RestClient>}
 */
export async function makeClient(name, url) {
  switch (name) {
    case OURS_FETCH:
    case OURS_UNDICI: {
      const { Video } = await import('@video/server-sdk');
      const transport = name === OURS_UNDICI ? (await import('@video/core/undici')).undiciTransport() : undefined;
      const video = new Video({ applicationId: APPLICATION_ID, privateKey: PRIVATE_KEY, baseUrl: url }, transport ? { transport } : {});
      return {
        getArchive: () => video.getArchive(ARCHIVE_ID),
        createSession: () => video.createSession(),
        close: async () => transport?.close(),
      };
    }
    case OPENTOK: {
      // OpenTok credentials: its cheapest auth (HS256). With Vonage credentials it signs RS256 per request.
      const OpenTok = require('opentok');
      const ot = new OpenTok(API_KEY, API_SECRET, { apiUrl: url });
      const call = (/** @type {(cb: (err: unknown, value: unknown) => void) => void} */ fn) =>
        new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
      return {
        getArchive: () => call((cb) => ot.getArchive(ARCHIVE_ID, cb)),
        createSession: () => call((cb) => ot.createSession({}, cb)),
        close: async () => {},
      };
    }
    case VONAGE: {
      const { Video } = await import('@vonage/video');
      const video = new Video({ applicationId: APPLICATION_ID, privateKey: PRIVATE_KEY }, { videoHost: url });
      return {
        getArchive: () => video.getArchive(ARCHIVE_ID),
        createSession: () => video.createSession({}),
        close: async () => {},
      };
    }
    case FLOOR_UNDICI: {
      const { Agent, request } = await import('undici');
      const dispatcher = new Agent({ connections: 32, keepAliveTimeout: 30_000 });
      return {
        async getArchive() {
          const res = await request(`${url}/v2/project/${APPLICATION_ID}/archive/${ARCHIVE_ID}`, { headers: FLOOR_HEADERS, dispatcher });
          return JSON.parse(await res.body.text());
        },
        async createSession() {
          const res = await request(`${url}/session/create`, { method: 'POST', headers: FLOOR_FORM_HEADERS, body: FORM, dispatcher });
          return JSON.parse(await res.body.text());
        },
        close: () => dispatcher.close(),
      };
    }
    case FETCH_WITH_DEADLINE: {
      const withDeadline = async (/** @type {string} */ path, /** @type {RequestInit} */ init) => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 20_000);
        try {
          const res = await fetch(`${url}${path}`, { ...init, signal: controller.signal });
          return JSON.parse(await res.text());
        } finally {
          clearTimeout(timer);
        }
      };
      return {
        getArchive: () => withDeadline(`/v2/project/${APPLICATION_ID}/archive/${ARCHIVE_ID}`, { headers: FLOOR_HEADERS }),
        createSession: () => withDeadline('/session/create', { method: 'POST', headers: FLOOR_FORM_HEADERS, body: FORM }),
        close: async () => {},
      };
    }
    case FLOOR_FETCH:
      return {
        async getArchive() {
          const res = await fetch(`${url}/v2/project/${APPLICATION_ID}/archive/${ARCHIVE_ID}`, { headers: FLOOR_HEADERS });
          return JSON.parse(await res.text());
        },
        async createSession() {
          const res = await fetch(`${url}/session/create`, { method: 'POST', headers: FLOOR_FORM_HEADERS, body: FORM });
          return JSON.parse(await res.text());
        },
        close: async () => {},
      };
    default:
      throw new Error(`unknown contender ${name}`);
  }
}

/**
 * Starts the canned server in a child process.
 * @returns {Promise<{ url: string, stop(): void }>}
 */
export async function startServer() {
  const { fork } = await import('node:child_process');
  const child = fork(new URL('./server.mjs', import.meta.url), [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise((resolve, reject) => {
    child.once('message', (/** @type {{ port: number }} */ m) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`the bench server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}
