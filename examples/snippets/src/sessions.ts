import type { Video } from '@video/server-sdk';

export async function example(video: Video) {
  // snippet:start
  // Relayed by default (as in the OpenTok SDKs); archiving, broadcasts, SIP and captions need routed.
  const session = await video.createSession({ mediaMode: 'routed' });
  console.log(session.sessionId);

  // Record automatically whenever someone publishes:
  const recorded = await video.createSession({
    mediaMode: 'routed',
    archiveMode: 'always',
    archiveName: 'Daily stand-up',
    archiveResolution: '1280x720',
  });
  // snippet:end
  return { session, recorded };
}
