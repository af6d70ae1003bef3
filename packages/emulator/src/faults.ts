import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES, validateHeaderName, validateHeaderValue } from 'node:http';
import * as z from 'zod/mini';
import type { FaultAction, FaultInfo } from './control-types.js';
import { compileFaultPath, type PathMatcher } from './fault-path.js';
import { uuid } from './ids.js';
import { describeValue, isSerializable, opt, parseBody, rule } from './validation.js';

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

// A 1xx is no final answer: the client would wait for one that never comes.
const FINAL_STATUS = 'must be a final HTTP status code (200-599)';
const isFinalStatus = (s: number): boolean => Number.isInteger(s) && s >= 200 && s <= 599;
const finalStatus = () => z.number({ error: FINAL_STATUS }).check(z.refine(isFinalStatus, { error: FINAL_STATUS }));

const CONTENT_TYPE = 'must be a string that is a valid header value';
const DELAY = `must be a number of milliseconds between 0 and ${MAX_DELAY_MS}`;
const TIMES = 'must be a non-negative integer (0 means until cleared)';

/** What a fault does, by `type`. Headers are checked when the fault is added, not when it fires. */
const actionSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('status'),
      status: finalStatus(),
      headers: opt(
        z.record(z.string(), z.string({ error: 'must be a string' })).check(
          rule((headers) => {
            const name = Object.keys(headers).find((key) => !isWritableHeader(key, headers[key]!));
            return name === undefined ? undefined : `has an invalid header: ${describeValue(name)}`;
          }),
        ),
      ),
      body: z.optional(z.unknown()),
      contentType: opt(
        z.string({ error: CONTENT_TYPE }).check(z.refine((type: string) => isWritableHeader('Content-Type', type), { error: CONTENT_TYPE })),
      ),
    })
    .check(
      rule((action) =>
        'body' in action && !isSerializable(action.body) ? { path: ['body'], message: 'is nested too deeply' } : undefined,
      ),
    ),
  z.object({ type: z.literal('drop') }),
  z.object({ type: z.literal('drop-mid-body') }),
  z.object({
    type: z.literal('delay'),
    ms: z.number({ error: DELAY }).check(z.refine((ms: number) => ms >= 0 && ms <= MAX_DELAY_MS, { error: DELAY })),
  }),
  z.object({ type: z.literal('malformed-json') }),
  z.object({ type: z.literal('empty') }),
  z.object({ type: z.literal('html'), status: opt(finalStatus()) }),
  z.object({
    type: z.literal('date-skew'),
    status: finalStatus().check(z.refine((s: number) => s === 401 || s === 403, { error: 'must be 401 or 403 for date-skew' })),
    offsetSeconds: z.number(),
  }),
]);

/** POST /_emulator/faults: which requests, how often, and what happens to them. */
const faultSpec = z.object({
  method: opt(z.string().check(z.minLength(1))),
  // Checked and compiled by compileFaultPath, whose messages explain the accepted forms.
  path: opt(z.unknown()),
  times: opt(z.number({ error: TIMES }).check(z.refine((n: number) => Number.isInteger(n) && n >= 0, { error: TIMES }))),
  afterHandling: opt(z.boolean()),
  action: actionSchema,
});

function readAction(action: z.output<typeof actionSchema>): FaultAction {
  switch (action.type) {
    case 'status': {
      const { status, headers, contentType } = action;
      return {
        type: 'status',
        status,
        ...(headers !== undefined ? { headers } : {}),
        ...('body' in action ? { body: action.body } : {}),
        ...(contentType !== undefined ? { contentType } : {}),
      };
    }
    case 'delay':
      return { type: 'delay', ms: action.ms };
    case 'html':
      return { type: 'html', status: action.status ?? 502 };
    case 'date-skew':
      return { type: 'date-skew', status: action.status as 401 | 403, offsetSeconds: action.offsetSeconds };
    default:
      return { type: action.type };
  }
}

/** Registered faults, matched in the order they were added. */
export class Faults {
  private faults: Fault[] = [];

  /** Checks and registers a fault spec (400 when it is invalid). */
  add(value: unknown): FaultInfo {
    const { method, path, times = 1, afterHandling = false, action } = parseBody(faultSpec, value);
    const matches = compileFaultPath(path);
    const fault: Fault = {
      id: uuid(),
      method: method === undefined ? null : method.toUpperCase(),
      path: (path as string | undefined) ?? null,
      times,
      afterHandling,
      action: readAction(action),
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
