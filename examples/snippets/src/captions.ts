import type { Video } from '@video/server-sdk';

export async function example(video: Video, sessionId: string, moderatorToken: string) {
  // snippet:start
  const { captionsId } = await video.startCaptions(sessionId, {
    token: moderatorToken, // captions need a moderator token
    languageCode: 'en-US',
    partialCaptions: true,
  });
  // The API has no GET for captions: follow their status with the captions callback (@video/webhooks).
  await video.stopCaptions(captionsId);
  // snippet:end
  return captionsId;
}
