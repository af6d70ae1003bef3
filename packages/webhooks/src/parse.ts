// From a body to a typed event: JSON, the type the payload belongs to, its schema.
import { CallbackParseError } from './errors.js';
import { EVENTS, RENAMED, type CallbackEvent, type KnownEventType, type RawPayload } from './events.js';

const MAX_DEPTH = 32;
const has = (object: object, key: string): boolean => Object.hasOwn(object, key);

/** A body as received: its text, or its bytes (a `Uint8Array` such as a Node `Buffer`, or an `ArrayBuffer`). */
export type CallbackBody = string | Uint8Array | ArrayBuffer;

/** The bytes of a body given as text or bytes, or undefined for anything else. */
export function bytesOf(body: unknown): Uint8Array | undefined {
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (Object.prototype.toString.call(body) === '[object ArrayBuffer]') return new Uint8Array(body as ArrayBuffer);
  return undefined;
}

/** The JSON object a body holds (or the object given), or a `CallbackParseError`. */
export function payloadOf(body: unknown): RawPayload {
  const bytes = typeof body === 'string' ? undefined : bytesOf(body);
  let value = body;
  if (typeof body === 'string' || bytes) {
    try {
      value = JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(bytes));
    } catch {
      throw new CallbackParseError('', 'the body is not JSON');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CallbackParseError('', 'the body is not a JSON object');
  return value as RawPayload;
}

/**
 * A copy for the schemas: `null` fields are read as absent (the API sends `"url": null` before an
 * archive is available), and a `__proto__` key can never become the copy's prototype.
 */
function withoutNulls(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => withoutNulls(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== null && key !== '__proto__') copy[key] = withoutNulls(field, depth + 1);
  }
  return copy;
}

/**
 * The event types a payload may be, most likely first; none for an unknown event. The type is
 * the payload's `event` value when it has one, else read from its shape: captions have a
 * `captionId`, a broadcast has `broadcastUrls`, and a bare `{ id, status }` is a render or, as the
 * broadcast payload is not documented, perhaps a broadcast (a secret map tells them apart).
 */
export function typesOf(payload: RawPayload): KnownEventType[] {
  const event = payload['event'];
  if (event !== undefined) return typeof event === 'string' && has(EVENTS, event) ? [event as KnownEventType] : [];
  if (has(payload, 'captionId') || has(payload, 'captionsId') || has(payload, 'languageCode')) return ['captions'];
  if (has(payload, 'broadcastUrls') || has(payload, 'multiBroadcastTag')) return ['broadcast'];
  return typeof payload['id'] === 'string' && typeof payload['status'] === 'string' ? ['render', 'broadcast'] : [];
}

/**
 * The typed event of a payload, as event type `type` (the most likely one by default). Unknown
 * events become `{ type: 'unknown', raw }`; a known event missing a documented field is a
 * `CallbackParseError`.
 */
export function eventOf(raw: RawPayload, type: KnownEventType | undefined = typesOf(raw)[0]): CallbackEvent {
  if (type === undefined) return { type: 'unknown', raw };
  const result = EVENTS[type][0].safeParse(withoutNulls(raw), { reportInput: true });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const reason = issue.code === 'invalid_type' ? (issue.input === undefined ? 'is required' : `must be a ${issue.expected}`) : issue.message;
    throw new CallbackParseError(issue.path.join('.'), `${reason} in a ${type} callback`);
  }
  const event: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result.data as Record<string, unknown>)) {
    if (key !== 'event' && key !== 'partnerId') event[has(RENAMED, key) ? RENAMED[key as keyof typeof RENAMED] : key] = value;
  }
  event['projectId'] ??= (result.data as { partnerId?: string }).partnerId;
  if (event['projectId'] === undefined) delete event['projectId'];
  // Last: a payload field named `type` or `raw` must not replace them.
  return Object.assign(event, { type, raw }) as CallbackEvent;
}

/**
 * Parses a callback that is **not signed** into a typed event. Anyone who can reach your endpoint
 * can send one: on the open internet, enable signed callbacks and use `verifyCallback` or an
 * adapter instead. Takes the raw body (text or bytes) or JSON your framework already parsed.
 * Unknown events become `{ type: 'unknown', raw }`; a body that is not a JSON object, or a known
 * event without a field it always has, throws a `CallbackParseError`.
 */
export function parseCallback(json: CallbackBody | object): CallbackEvent {
  return eventOf(payloadOf(json));
}
