// The errors follow @video/auth's VideoError protocol: the SDK's own checks recognise them.
import * as auth from '@video/auth';
import { describe, expect, it } from 'vitest';
import { CallbackParseError, CallbackVerificationError, isVideoError, verifyCallback, VideoError, VideoValidationError } from '@video/webhooks';
import { SECRET } from './fixtures.js';

describe('errors', () => {
  it('are VideoErrors to @video/auth (isVideoError, instanceof) and to this package', async () => {
    const refused = new CallbackVerificationError('bad_signature');
    const malformed = new CallbackParseError('stream', 'is required');
    const misconfigured = await verifyCallback('{}', 'Bearer a.b.c', { secret: '-----BEGIN PRIVATE KEY-----' }).catch((e: unknown) => e);
    for (const error of [refused, malformed, misconfigured]) {
      expect(auth.isVideoError(error)).toBe(true);
      expect(isVideoError(error)).toBe(true);
      expect(error).toBeInstanceOf(auth.VideoError);
      expect(error).toBeInstanceOf(VideoError);
      expect(error).toBeInstanceOf(Error);
    }
    expect(misconfigured).toBeInstanceOf(auth.VideoValidationError);
    expect(misconfigured).toBeInstanceOf(VideoValidationError);
    expect(refused).not.toBeInstanceOf(auth.VideoValidationError);
    expect(auth.isVideoError(refused, 'callback_verification_failed')).toBe(true);
    expect(auth.isVideoError(malformed, 'invalid_callback')).toBe(true);
    expect(auth.isVideoError(misconfigured, 'validation_error')).toBe(true);
    // And the other way round: this package's classes recognise the SDK's errors.
    const sdkError = new auth.VideoValidationError('x', 'y');
    expect(isVideoError(sdkError, 'validation_error')).toBe(true);
    expect(sdkError).toBeInstanceOf(VideoError);
    expect(sdkError).toBeInstanceOf(VideoValidationError);
    expect(sdkError).not.toBeInstanceOf(CallbackVerificationError);
    expect(new auth.VideoError('x')).not.toBeInstanceOf(VideoValidationError);
  });

  it('have names, codes, statuses and plain JSON', () => {
    const refused = new CallbackVerificationError('missing_header', 'the callback is not signed');
    expect(refused).toMatchObject({ name: 'CallbackVerificationError', code: 'callback_verification_failed', reason: 'missing_header', status: 503, retryable: false });
    expect(new CallbackVerificationError('too_old').status).toBe(401);
    expect(JSON.parse(JSON.stringify(refused))).toEqual({
      name: 'CallbackVerificationError',
      message: 'Callback refused (missing_header): the callback is not signed',
      code: 'callback_verification_failed',
      status: 503,
      retryable: false,
      reason: 'missing_header',
    });
    expect(new CallbackParseError('', 'the body is not JSON')).toMatchObject({ name: 'CallbackParseError', status: 400, field: '', message: 'Invalid callback: the body is not JSON' });
    expect(String(new VideoValidationError('secret', 'is required'))).toBe('VideoValidationError: Invalid secret: is required');
    expect(SECRET).toBeTruthy();
  });
});
