import type { Video, VideoSession } from '@video/server-sdk';

export async function example(video: Video, session: VideoSession) {
  // snippet:start
  // From a created session…
  const token = await session.generateToken({
    role: 'moderator', // subscriber | publisher (default) | publisheronly | moderator
    expiresIn: 60 * 60, // seconds; or expireTime: a Date or epoch seconds (at most 30 days)
    data: 'name=Johnny', // connection data, at most 1000 characters
    initialLayoutClassList: ['focus'],
  });

  // …or from a stored session ID. Tokens are made locally: no request is sent.
  const viewer = await video.generateToken(session.sessionId, { role: 'subscriber' });
  // snippet:end
  return { token, viewer };
}
