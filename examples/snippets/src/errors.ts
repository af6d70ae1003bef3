import type { Video } from '@video/server-sdk';

export async function example(video: Video, sessionId: string) {
  // snippet:start
  // (import { ConflictError, RateLimitError, VideoValidationError, isVideoError } from '@video/server-sdk')
  try {
    await video.startArchive(sessionId, { name: 'Interview' });
  } catch (error) {
    if (error instanceof ConflictError) {
      console.log('already recording:', error.message); // the API's own message
    } else if (error instanceof RateLimitError) {
      console.log(`still rate-limited after retries; try again in ${error.retryAfter ?? '?'} s`);
    } else if (error instanceof VideoValidationError) {
      console.log(`bad option ${error.field}: ${error.message}`); // thrown before any request
    } else if (isVideoError(error)) {
      console.log(error.code, error.status, error.requestId, error.body);
    } else {
      throw error;
    }
  }
  // snippet:end
}

import { ConflictError, RateLimitError, VideoValidationError, isVideoError } from '@video/server-sdk';
