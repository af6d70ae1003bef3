import { describe, expect, it } from 'vitest';
import { decodeSessionId, VideoValidationError } from '@video/auth';

describe('decodeSessionId (§3)', () => {
  it('decodes the documented example', () => {
    const d = decodeSessionId('1_MX4xMjM0NTZ-flNhdCBNYXIgMTUgMTQ6NDI6MjMgUERUIDIwMTR-MC40OTAxMzAyNX4');
    expect(d.projectKey).toBe('123456');
    expect(d.location).toBeUndefined();
    expect(d.createdAt?.toISOString()).toBe('2014-03-15T21:42:23.000Z');
  });

  it('decodes application IDs, locations and epoch-millisecond times', () => {
    const raw = '1~29f760f8-7ce1-46c9-ade3-f2dedee4ed5f~10.1.1.1~1726462588647~11xLa1bbhzPeGQGmXsmgxI0k~~~';
    const d = decodeSessionId(`2_${Buffer.from(raw).toString('base64url')}`);
    expect(d).toEqual({
      projectKey: '29f760f8-7ce1-46c9-ade3-f2dedee4ed5f',
      location: '10.1.1.1',
      createdAt: new Date(1726462588647),
    });
  });

  it('rejects text that is not a session ID', () => {
    for (const bad of ['', 'abc', '1_', '3_MX4xMjM0NTZ-fg', '1_!!!!', `1_${Buffer.from('hello').toString('base64url')}`, 'x'.repeat(300), 42]) {
      expect(() => decodeSessionId(bad as string)).toThrow(VideoValidationError);
    }
  });
});
