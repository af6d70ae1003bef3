import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CallbackParseError,
  isVideoError,
  parseCallback,
  type ArchiveEvent,
  type CallbackEvent,
  type CallDestroyedEvent,
  type CallbackType,
  type KnownEventType,
} from '@video/webhooks';
import { EVENTS } from '../src/events.js';
import { bodyOf, EVENT_NAMES, HOOK_OF, PAYLOADS, SESSION_ID } from './fixtures.js';

const isDate = (value: unknown) => Object.prototype.toString.call(value) === '[object Date]';

describe('parseCallback', () => {
  it.each(EVENT_NAMES)('reads a %s callback into its typed event, keeping the raw payload', (name) => {
    const event = parseCallback(bodyOf(PAYLOADS[name]));
    expect(event.type).toBe(name);
    expect(event.raw).toEqual(PAYLOADS[name]);
    expect(event).not.toHaveProperty('event');
    expect(event).not.toHaveProperty('partnerId');
  });

  it('turns millisecond timestamps into Dates, at every depth', () => {
    const event = parseCallback(PAYLOADS.streamDestroyed);
    if (event.type !== 'streamDestroyed') throw new Error(event.type);
    expect(event.timestamp).toEqual(new Date(PAYLOADS.streamDestroyed.timestamp));
    expect(event.stream.createdAt).toEqual(new Date(PAYLOADS.streamDestroyed.stream.createdAt));
    expect(event.stream.connection.createdAt).toEqual(new Date(PAYLOADS.streamDestroyed.stream.connection.createdAt));
    expect(event).toMatchObject({ sessionId: SESSION_ID, projectId: '12345678', reason: 'mediaStopped', stream: { videoType: 'camera', name: 'Ada' } });
    const archive = parseCallback(PAYLOADS.archive) as ArchiveEvent;
    expect(archive.createdAt.toISOString()).toBe('2013-11-12T02:02:10.000Z');
    const captions = parseCallback(PAYLOADS.captions);
    if (captions.type !== 'captions') throw new Error(captions.type);
    expect(isDate(captions.createdAt) && isDate(captions.updatedAt)).toBe(true);
  });

  it('renames the snake_case SIP fields and reads partnerId as projectId', () => {
    const event = parseCallback(PAYLOADS.callDestroyed) as CallDestroyedEvent;
    expect(event).toMatchObject({ type: 'callDestroyed', reasonCode: 704, reasonMessage: 'media timeout', call: { id: PAYLOADS.callDestroyed.call.id } });
    expect(event).not.toHaveProperty('reason_code');
    expect(event.raw['reason_code']).toBe(704);
    expect(parseCallback({ ...PAYLOADS.callDestroyed, reason_code: '200' })).toMatchObject({ reasonCode: 200 });
    const archive = parseCallback(PAYLOADS.archive) as ArchiveEvent;
    expect(archive.projectId).toBe('123456');
    expect(archive).toMatchObject({ status: 'available', url: PAYLOADS.archive.url, duration: 328, size: 18_023_312 });
  });

  it('tells the families without an event apart by their shape', () => {
    expect(parseCallback(PAYLOADS.broadcast)).toMatchObject({ type: 'broadcast', status: 'failed', projectId: '123456' });
    expect(parseCallback(PAYLOADS.render)).toMatchObject({ type: 'render', streamId: PAYLOADS.render.streamId, reason: 'Max Duration Exceeded' });
    expect(parseCallback(PAYLOADS.captions)).toMatchObject({ type: 'captions', captionsId: PAYLOADS.captions.captionId, languageCode: 'en-US' });
    // A failed render has no streamId; the uncertain families also accept an explicit event.
    expect(parseCallback({ id: 'r1', sessionId: SESSION_ID, status: 'failed', reason: 'page error' })).toMatchObject({ type: 'render' });
    expect(parseCallback({ event: 'broadcast', id: 'b1', status: 'started' })).toMatchObject({ type: 'broadcast', id: 'b1' });
    expect(parseCallback({ event: 'captions', captionsId: 'c1', status: 'started' })).toMatchObject({ type: 'captions', captionsId: 'c1' });
  });

  it('passes unknown fields through, reads null as absent, and accepts new enum values', () => {
    const event = parseCallback({ ...PAYLOADS.archive, status: 'started', url: null, newField: { a: 1 }, streams: [{ streamId: 's1', hasAudio: true, hasVideo: false, extra: 1 }] });
    expect(event).toMatchObject({ type: 'archive', status: 'started', newField: { a: 1 }, streams: [{ streamId: 's1', extra: 1 }] });
    expect(event).not.toHaveProperty('url');
    expect(parseCallback({ ...PAYLOADS.connectionDestroyed, reason: 'teleported' })).toMatchObject({ reason: 'teleported' });
    expect(parseCallback({ ...PAYLOADS.streamCreated, type: 'spoof' }).type).toBe('streamCreated');
  });

  it('never lets a __proto__ key become a prototype', () => {
    const event = parseCallback('{"event":"sessionCreated","sessionId":"s","timestamp":1,"__proto__":{"polluted":true}}');
    expect(event.type).toBe('sessionCreated');
    expect((event as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('delivers an unknown event as { type: "unknown", raw } instead of throwing', () => {
    for (const payload of [{ event: 'somethingNew', sessionId: 'x' }, { hello: 'world' }, { event: 42 }, { event: 'toString' }]) {
      expect(parseCallback(payload)).toEqual({ type: 'unknown', raw: payload });
    }
  });

  it('refuses a body that is not a JSON object, and a known event without a documented field', () => {
    for (const body of ['', 'not json', '[1,2]', '"text"', 'null', new Uint8Array([0xff, 0xfe])]) {
      const error = (() => {
        try {
          parseCallback(body);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(CallbackParseError);
      expect(isVideoError(error, 'invalid_callback')).toBe(true);
    }
    const { connection: _c, ...noConnection } = PAYLOADS.connectionCreated;
    expect(() => parseCallback(noConnection)).toThrow(expect.objectContaining({ field: 'connection', status: 400 }));
    expect(() => parseCallback({ ...PAYLOADS.streamCreated, stream: { ...PAYLOADS.streamCreated.stream, createdAt: 'soon' } })).toThrow(
      expect.objectContaining({ field: 'stream.createdAt', message: expect.stringContaining('not a time in milliseconds') }),
    );
    expect(() => parseCallback({ ...PAYLOADS.callUpdated, state: 7 })).toThrow(expect.objectContaining({ field: 'state' }));
  });

  it('reads bytes and ArrayBuffers as UTF-8', () => {
    const text = bodyOf({ ...PAYLOADS.connectionCreated, connection: { ...PAYLOADS.connectionCreated.connection, data: 'name=Zoë' } });
    const bytes = new TextEncoder().encode(text);
    expect(parseCallback(bytes)).toMatchObject({ connection: { data: 'name=Zoë' } });
    expect(parseCallback(bytes.buffer)).toMatchObject({ connection: { data: 'name=Zoë' } });
    expect(parseCallback(Buffer.from(text))).toMatchObject({ connection: { data: 'name=Zoë' } });
  });

  it('has one Application-API callback type per event type', () => {
    expect(Object.fromEntries(Object.entries(EVENTS).map(([k, v]) => [k, v[1]]))).toEqual(HOOK_OF);
    expectTypeOf<CallbackType>().toEqualTypeOf<
      | 'session_created'
      | 'session_destroyed'
      | 'session_notification'
      | 'connection_created'
      | 'connection_destroyed'
      | 'stream_created'
      | 'stream_destroyed'
      | 'sip_call_created'
      | 'sip_call_updated'
      | 'sip_call_destroyed'
      | 'sip_call_mute_forced'
      | 'archive_status'
      | 'broadcast_status'
      | 'render_status'
      | 'captions_status'
    >();
  });

  it('types each event by its type (checked by pnpm typecheck)', () => {
    const event = parseCallback(PAYLOADS.archive);
    expectTypeOf(event).toEqualTypeOf<CallbackEvent>();
    expectTypeOf<CallbackEvent['type']>().toEqualTypeOf<KnownEventType | 'unknown'>();
    const describe = (e: CallbackEvent): string => {
      switch (e.type) {
        case 'archive':
          expectTypeOf(e.createdAt).toEqualTypeOf<Date>();
          expectTypeOf(e.url).toEqualTypeOf<string | undefined>();
          return e.status === 'available' ? `ready: ${e.url}` : e.status;
        case 'callDestroyed':
          expectTypeOf(e.reasonCode).toEqualTypeOf<number | undefined>();
          return `${e.call.id} ended: ${e.reasonCode}`;
        case 'connectionCreated':
          expectTypeOf(e.timestamp).toEqualTypeOf<Date>();
          return e.connection.id;
        case 'unknown':
          return JSON.stringify(e.raw);
        default:
          return e.type;
      }
    };
    expect(describe(event)).toBe(`ready: ${PAYLOADS.archive.url}`);
  });
});
