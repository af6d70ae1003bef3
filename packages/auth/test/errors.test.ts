import { describe, expect, it } from 'vitest';
import { isVideoError, VideoError, VideoValidationError } from '@video/auth';

describe('errors', () => {
  it('are real Errors with a stable name, code and field', () => {
    const e = new VideoValidationError('expireTime', 'is in the past');
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(VideoError);
    expect(e.name).toBe('VideoValidationError');
    expect(e.message).toBe('Invalid expireTime: is in the past');
    expect(e.stack).toContain('VideoValidationError');
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({ name: 'VideoValidationError', code: 'validation_error', field: 'expireTime' });
    expect(isVideoError(e)).toBe(true);
    expect(isVideoError(e, 'validation_error')).toBe(true);
    expect(isVideoError(e, 'not_found')).toBe(false);
    expect(isVideoError(new Error('x'))).toBe(false);
    expect(isVideoError(null)).toBe(false);
  });

  it('carry the API\'s numeric error code as apiCode, also in toJSON', () => {
    const e = new VideoError('Session is already being recorded', 'conflict', { status: 409, apiCode: 15001, body: { code: 15001 } });
    expect(e.apiCode).toBe(15001);
    expect(e.toJSON()).toMatchObject({ code: 'conflict', status: 409, apiCode: 15001 });
    expect(JSON.parse(JSON.stringify(e)).apiCode).toBe(15001);
    expect(new VideoError('x').apiCode).toBeUndefined();
    expect(Object.keys(new VideoError('x').toJSON())).toContain('apiCode');
    expect(new VideoValidationError('role', 'bad').apiCode).toBeUndefined();
  });

  it('are recognised across duplicate copies of the package (the built ESM and CJS files)', async () => {
    const esm = (await import('../dist/index.js')) as unknown as typeof import('@video/auth');
    const { createRequire } = await import('node:module');
    const cjs = createRequire(import.meta.url)('../dist/index.cjs') as unknown as typeof import('@video/auth');
    for (const copy of [esm, cjs]) {
      expect(copy.VideoValidationError).not.toBe(VideoValidationError);
      const foreign = new copy.VideoValidationError('role', 'bad');
      expect(foreign).toBeInstanceOf(VideoValidationError);
      expect(foreign).toBeInstanceOf(VideoError);
      expect(isVideoError(foreign, 'validation_error')).toBe(true);
      expect(new VideoValidationError('x', 'y')).toBeInstanceOf(copy.VideoError);
      expect(new VideoError('x')).not.toBeInstanceOf(copy.VideoValidationError);
    }
  });
});
