import type { Video } from '@video/server-sdk';

export async function example(video: Video, sessionId: string, moderatorToken: string) {
  // snippet:start
  const { captionsId } = await video.startCaptions(sessionId, {
    token: moderatorToken, // captions need a moderator token
    languageCode: 'en-US',
    partialCaptions: true,
  });
  console.log((await video.getCaptions(captionsId)).status);
  await video.stopCaptions(captionsId);
  // snippet:end
  return captionsId;
}
