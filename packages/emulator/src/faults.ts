import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES, validateHeaderName, validateHeaderValue } from 'node:http';
import type { FaultAction, FaultInfo } from './control-types.js';
import { badRequest } from './errors.js';
import { compileFaultPath, type PathMatcher } from './fault-path.js';
import { uuid } from './ids.js';
import { describeValue, isObject, isSerializable } from './validation.js';

interface Fault extends FaultInfo {
  matches: PathMatcher | undefined;
}

/** Whether `name: value` can be written as a response header (checked when the fault is added, not when it fires). */
function isWritableHeader(name: string, value: string): boolean {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
    return true;
  } catch {
    return false;
  }
}

const MAX_DELAY_MS = 10 * 60 * 1000;

function readAction(value: unknown): FaultAction {
  if (!isObject(value)) throw badRequest('"action" must be an object with a "type"');
  const status = (fallback?: number): number => {
    const s = value['status'] ?? fallback;
    // A 1xx is no final answer: the client would wait for one that never comes.
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 200 || s > 599) {
      throw badRequest('"action.status" must be a final HTTP status code (200-599)');
    }
    return s;
  };
  switch (value['type']) {
    case 'status': {
      const headers = value['headers'];
      if (headers !== undefined && (!isObject(headers) || !Object.values(headers).every((v) => typeof v === 'string'))) {
        throw badRequest('"action.headers" must map header names to strings');
      }
      for (const [name, v] of Object.entries(headers ?? {})) {
        if (!isWritableHeader(name, v as string)) throw badRequest(`"action.headers" has an invalid header: ${describeValue(name)}`);
      }
      if ('body' in value && !isSerializable(value['body'])) throw badRequest('"action.body" is nested too deeply');
      const contentType = value['contentType'];
      if (contentType !== undefined && (typeof contentType !== 'string' || !isWritableHeader('Content-Type', contentType))) {
        throw badRequest('"action.contentType" must be a string that is a valid header value');
      }
      return {
        type: 'status',
        status: status(),
        ...(headers !== undefined ? { headers: headers as Record<string, string> } : {}),
        ...('body' in value ? { body: value['body'] } : {}),
        ...(contentType !== undefined ? { contentType } : {}),
      };
    }
    case 'drop':
    case 'drop-mid-body':
    case 'malformed-json':
    case 'empty':
      return { type: value['type'] };
    case 'delay': {
      const ms = value['ms'];
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > MAX_DELAY_MS) {
        throw badRequest(`"action.ms" must be a number of milliseconds between 0 and ${MAX_DELAY_MS}`);
      }
      return { type: 'delay', ms };
    }
    case 'html':
      return { type: 'html', status: status(502) };
    case 'date-skew': {
      const s = status();
      if (s !== 401 && s !== 403) throw badRequest('"action.status" must be 401 or 403 for date-skew');
      const offsetSeconds = value['offsetSeconds'];
      if (typeof offsetSeconds !== 'number' || !Number.isFinite(offsetSeconds)) {
        throw badRequest('"action.offsetSeconds" must be a number');
      }
      return { type: 'date-skew', status: s, offsetSeconds };
    }
    default:
      throw badRequest(
        '"action.type" must be one of status, drop, drop-mid-body, delay, malformed-json, empty, html, date-skew',
      );
  }
}

/** Registered faults, matched in the order they were added. */
export class Faults {
  private faults: Fault[] = [];

  /** Checks and registers a fault spec (400 when it is invalid). */
  add(value: unknown): FaultInfo {
    if (!isObject(value)) throw badRequest('The fault must be a JSON object');
    const { method, path, times = 1, afterHandling = false } = value;
    if (method !== undefined && (typeof method !== 'string' || method === '')) throw badRequest('"method" must be a string');
    const matches = compileFaultPath(path);
    if (typeof times !== 'number' || !Number.isInteger(times) || times < 0) {
      throw badRequest('"times" must be a non-negative integer (0 means until cleared)');
    }
    if (typeof afterHandling !== 'boolean') throw badRequest('"afterHandling" must be a boolean');
    const fault: Fault = {
      id: uuid(),
      method: method === undefined ? null : method.toUpperCase(),
      path: (path as string | undefined) ?? null,
      times,
      afterHandling,
      action: readAction(value['action']),
      fired: 0,
      active: true,
      matches,
    };
    this.faults.push(fault);
    return info(fault);
  }

  /** The first active fault for this request, counted as fired. */
  take(method: string, path: string): FaultInfo | undefined {
    const fault = this.faults.find(
      (f) => f.active && (f.method === null || f.method === method) && (f.matches === undefined || f.matches(path)),
    );
    if (!fault) return undefined;
    fault.fired += 1;
    if (fault.times !== 0 && fault.fired >= fault.times) fault.active = false;
    return info(fault);
  }

  list(): FaultInfo[] {
    return this.faults.map(info);
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }
}

function info(fault: Fault): FaultInfo {
  const { matches: _matches, ...rest } = fault;
  return { ...rest, action: { ...rest.action } };
}

const HTML_PAGE = (status: number): string => {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
};

/**
 * Answers (or refuses to answer) a request as the fault says. Returns the status that went out,
 * or null when no status line was sent. `delay` is handled by the caller.
 */
export function writeFault(action: Exclude<FaultAction, { type: 'delay' }>, req: IncomingMessage, res: ServerResponse): number | null {
  if (res.headersSent || res.destroyed) return null;
  const send = (status: number, headers: Record<string, string>, body: string): number => {
    res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
    res.end(body);
    return status;
  };
  switch (action.type) {
    case 'status': {
      const isText = typeof action.body === 'string';
      const body =
        action.body === undefined
          ? JSON.stringify({ code: action.status, message: `Injected fault: ${STATUS_CODES[action.status] ?? action.status}` })
          : isText
            ? (action.body as string)
            : JSON.stringify(action.body);
      const contentType = action.contentType ?? (isText ? 'text/plain' : 'application/json');
      return send(action.status, { 'Content-Type': contentType, ...action.headers }, body);
    }
    case 'drop':
      req.socket.destroy();
      return null;
    case 'drop-mid-body': {
      const body = JSON.stringify({ id: 'truncated', status: 'started', message: 'this body is cut short on purpose' });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
      res.write(body.slice(0, Math.floor(body.length / 2)), () => req.socket.destroy());
      return 200;
    }
    case 'malformed-json':
      return send(200, { 'Content-Type': 'application/json' }, '{"id": "not-json", "status": ');
    case 'empty':
      return send(200, { 'Content-Type': 'application/json' }, '');
    case 'html':
      return send(action.status ?? 502, { 'Content-Type': 'text/html' }, HTML_PAGE(action.status ?? 502));
    case 'date-skew': {
      const date = new Date(Date.now() + action.offsetSeconds * 1000).toUTCString();
      const body = JSON.stringify({ code: action.status, message: 'Authentication failed: invalid or expired token' });
      return send(action.status, { 'Content-Type': 'application/json', Date: date }, body);
    }
  }
}
