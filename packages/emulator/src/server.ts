import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { authenticate, describeAuth } from './auth.js';
import { checkContentType, checkHost, type AllowedHosts } from './control-access.js';
import { controlRoutes, type ControlContext } from './control.js';
import type { FaultInfo, RequestLogEntry } from './control-types.js';
import { ApiError, notFound } from './errors.js';
import { writeFault, type Faults } from './faults.js';
import { redactTokens } from './log-redaction.js';
import { bodyForLog, headersForLog, queryForLog, type RequestLog } from './request-log.js';
import { parseJsonBody, type RestContext, type RestRoute } from './rest-context.js';
import { jsonReply, Router, type Reply, type RouteMatch } from './router.js';
import { install as installCallbacks } from './callbacks/events.js';
import * as archives from './routes/archives.js';
import * as audioConnector from './routes/audio-connector.js';
import * as broadcasts from './routes/broadcasts.js';
import * as callbacks from './routes/callbacks.js';
import * as captions from './routes/captions.js';
import * as connections from './routes/connections.js';
import * as migration from './routes/migration.js';
import * as moderation from './routes/moderation.js';
import * as renders from './routes/renders.js';
import * as sessions from './routes/sessions.js';
import * as signals from './routes/signals.js';
import * as sip from './routes/sip.js';
import * as streams from './routes/streams.js';
import type { State } from './state.js';
import type { Timers } from './timers.js';

interface Family {
  routes: RestRoute[];
  /** Hooks the family's rules that follow sessions into the state (automatic archives, SIP hang-up …). */
  install?: (state: State) => void;
}

const FAMILIES: Family[] = [
  // First: a session's callbacks (sessionCreated, connectionCreated …) precede what they cause.
  { routes: [], install: installCallbacks },
  sessions,
  migration,
  archives,
  broadcasts,
  streams,
  connections,
  signals,
  moderation,
  sip,
  audioConnector,
  renders,
  captions,
  callbacks,
];

export function installFamilies(state: State): void {
  for (const family of FAMILIES) family.install?.(state);
}

const restRouter = new Router<RestRoute>(FAMILIES.flatMap((f) => f.routes));
const controlRouter = new Router(controlRoutes);

/** Where a request is dispatched: the emulator's collaborators. */
export interface ServerParts {
  state: State;
  faults: Faults;
  requestLog: RequestLog;
  /** Timers of `delay` faults: cleared on stop only, so a reset does not strand a delayed request. */
  delays: Timers;
  /** Host names the control API answers besides loopback ones. */
  allowedHosts: AllowedHosts;
}

const CONTROL_PREFIX = '/_emulator';

/**
 * Header names lower-cased from the raw list, so repeated headers are all kept (joined by `, `).
 * Without a prototype: a header named `constructor` or `__proto__` is just a header.
 */
function headerMap(raw: readonly string[]): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase();
    const value = raw[i + 1] ?? '';
    out[name] = Object.hasOwn(out, name) ? `${out[name]}, ${value}` : value;
  }
  return out;
}

type Body = { kind: 'ok'; bytes: Buffer } | { kind: 'too-large'; closeAfter: boolean };

/**
 * Reads the body up to `limit` bytes. Past the limit nothing more is kept: the rest is drained and
 * discarded so the client can read the 413, and a body far past the limit (or declared so by its
 * Content-Length) is not waited for at all.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve, reject) => {
    const hardCap = Math.max(limit * 8, 8 * 1024 * 1024);
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > hardCap) {
      req.pause();
      resolve({ kind: 'too-large', closeAfter: true });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number.isFinite(declared) && declared > limit;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (!tooLarge && size > limit) {
        tooLarge = true;
        chunks.length = 0;
      }
      if (!tooLarge) chunks.push(chunk);
      else if (size > hardCap) {
        req.pause();
        resolve({ kind: 'too-large', closeAfter: true });
      }
    });
    req.on('end', () => resolve(tooLarge ? { kind: 'too-large', closeAfter: false } : { kind: 'ok', bytes: Buffer.concat(chunks) }));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('client closed the connection before the body was complete'));
    });
  });
}

function errorReply(error: unknown): Reply {
  if (error instanceof ApiError) return jsonReply(error.status, { code: error.code, message: error.message }, error.headers);
  const message = error instanceof Error ? error.message : String(error);
  return jsonReply(500, { code: 500, message: `Internal emulator error: ${message}` });
}

function send(res: ServerResponse, reply: Reply, close = false): number | null {
  if (res.headersSent || res.destroyed) return null;
  const body = reply.body ?? '';
  const headers: Record<string, string> = { ...reply.headers, 'Content-Length': String(Buffer.byteLength(body)) };
  if (close) headers['Connection'] = 'close';
  res.writeHead(reply.status, headers);
  res.end(body);
  return reply.status;
}

/** The error of a 4xx/5xx answer for the request log: its `{code, message}` message, else the status. */
function replyError(reply: Reply): string | undefined {
  if (reply.status < 400) return undefined;
  let message = `HTTP ${reply.status}`;
  if (typeof reply.body === 'string') {
    try {
      const parsed = JSON.parse(reply.body) as { message?: unknown } | null;
      if (typeof parsed?.message === 'string') message = parsed.message;
    } catch {
      // Not JSON: the status says it all.
    }
  }
  // An error message may quote what was sent; the log hides client tokens.
  return redactTokens(message);
}

const short = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

function unmatched<R>(match: RouteMatch<R>, method: string, path: string): ApiError {
  if (match.kind === 'wrong-method') {
    const allowed = [...new Set(match.allowed)].join(', ');
    return new ApiError(405, `Method ${method} is not allowed on ${short(path)}; allowed: ${allowed}`, 405, { Allow: allowed });
  }
  return notFound(`Not found: ${method} ${short(path)}`);
}

function lazyJson(rawBody: string): () => unknown {
  let parsed: { value: unknown } | undefined;
  return () => {
    parsed ??= { value: parseJsonBody(rawBody) };
    return parsed.value;
  };
}

async function answerRest(
  parts: ServerParts,
  method: string,
  path: string,
  query: URLSearchParams,
  headers: Record<string, string>,
  rawBody: string,
): Promise<Reply> {
  try {
    const match = restRouter.match(method, path);
    if (match.kind !== 'found') throw unmatched(match, method, path);
    const { route, params } = match;
    const project = await authenticate(headers, route.auth === 'key' ? params['key'] : undefined, parts.state.projects);
    const ctx: RestContext = { method, path, params, query, headers, rawBody, project, state: parts.state, json: lazyJson(rawBody) };
    return await route.handle(ctx);
  } catch (error) {
    return errorReply(error);
  }
}

async function handleRest(parts: ServerParts, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
  const method = req.method ?? 'GET';
  const headers = headerMap(req.rawHeaders);
  const body = await readBody(req, parts.state.settings.maxBodyBytes);
  const rawBody = body.kind === 'ok' ? body.bytes.toString('utf8') : '';
  const auth = describeAuth(headers);
  const entry = parts.requestLog.add({
    time: new Date().toISOString(),
    method,
    path,
    query: queryForLog(query),
    headers: headersForLog(headers),
    ...(auth ? { auth } : {}),
    body: bodyForLog(rawBody, headers['content-type']),
    rawBody,
    status: null,
  });
  if (body.kind === 'too-large') {
    const limit = parts.state.settings.maxBodyBytes;
    const reply = jsonReply(413, { code: 413, message: `Request body too large (at most ${limit} bytes)` });
    entry.status = send(res, reply, true);
    entry.error = replyError(reply) ?? '';
    if (body.closeAfter) res.on('finish', () => req.socket.destroy());
    return;
  }
  const fault = parts.faults.take(method, path);
  if (fault) entry.fault = fault.id;
  if (fault && !fault.afterHandling && !(await runFault(parts, fault, entry, req, res))) return;
  const reply = await answerRest(parts, method, path, query, headers, rawBody);
  if (fault?.afterHandling && !(await runFault(parts, fault, entry, req, res))) return;
  entry.status = send(res, reply);
  const error = replyError(reply);
  if (error !== undefined) entry.error = error;
}

/**
 * Applies a fault where it belongs in the request's life. True when the request should go on
 * (a delay has passed); false once the fault answered it, dropped it, or the emulator stopped.
 */
async function runFault(
  parts: ServerParts,
  fault: FaultInfo,
  entry: RequestLogEntry,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  if (fault.action.type === 'delay') return parts.delays.sleep(fault.action.ms);
  entry.status = writeFault(fault.action, req, res);
  if (entry.status === null || entry.status >= 400) {
    const { action } = fault;
    const status = 'status' in action && action.status !== undefined ? ` ${action.status}` : '';
    const body = action.type === 'status' ? action.body : undefined;
    const message =
      typeof body === 'string' ? body : typeof (body as { message?: unknown } | undefined)?.message === 'string' ? (body as { message: string }).message : '';
    entry.error = redactTokens(`Injected fault ${fault.id} (${action.type}${status})${message ? `: ${message}` : ''}`);
  }
  return false;
}

async function handleControl(parts: ServerParts, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
  const method = req.method ?? 'GET';
  const body = await readBody(req, parts.state.settings.maxBodyBytes);
  let reply: Reply;
  if (body.kind === 'too-large') {
    reply = jsonReply(413, { code: 413, message: 'Request body too large' });
    send(res, reply, true);
    if (body.closeAfter) res.on('finish', () => req.socket.destroy());
    return;
  }
  const rawBody = body.bytes.toString('utf8');
  try {
    checkHost(req.headers.host, parts.allowedHosts);
    const match = controlRouter.match(method, path);
    if (match.kind !== 'found') throw unmatched(match, method, path);
    checkContentType(method, req.headers['content-type']);
    const ctx: ControlContext = {
      params: match.params,
      query,
      rawBody,
      state: parts.state,
      faults: parts.faults,
      requestLog: parts.requestLog,
      json: lazyJson(rawBody),
    };
    reply = await match.route.handle(ctx);
  } catch (error) {
    reply = errorReply(error);
  }
  send(res, reply);
}

/** Splits `req.url` into the raw path and the query; absolute-form targets (`http://h/p`) too. */
function target(url: string): { path: string; query: URLSearchParams } {
  let rest = url;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(rest)) {
    const afterScheme = rest.indexOf('//') + 2;
    const slash = rest.indexOf('/', afterScheme);
    rest = slash < 0 ? '/' : rest.slice(slash);
  }
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  const hash = path.indexOf('#');
  return {
    path: hash < 0 ? path : path.slice(0, hash),
    query: new URLSearchParams(q < 0 ? '' : rest.slice(q + 1)),
  };
}

/** The emulator's HTTP handler: control API under `/_emulator/`, the REST API everywhere else. */
export function createHandler(parts: ServerParts): RequestListener {
  return (req, res) => {
    const { path, query } = target(req.url ?? '/');
    const isControl = path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
    const work = isControl ? handleControl(parts, req, res, path, query) : handleRest(parts, req, res, path, query);
    work.catch((error: unknown) => {
      // A body that never completed: nobody is left to answer.
      if (!req.complete || req.socket.destroyed) {
        req.socket.destroy();
        return;
      }
      send(res, errorReply(error));
    });
  };
}
