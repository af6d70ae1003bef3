import type { Video } from '@video/server-sdk';

export async function example(video: Video, sessionId: string, token: string) {
  // snippet:start
  const call = await video.dial(sessionId, {
    token, // a client token for the session: its data labels the phone participant
    uri: 'sip:conference@sip.example.com;transport=tls',
    from: '+15551230000',
    headers: { 'X-Meeting': 'weekly' },
    auth: { username: 'user', password: process.env.SIP_PASSWORD },
    video: false,
    observeForceMute: true,
  });

  await video.playDTMF(sessionId, '1234#', { connectionId: call.connectionId });
  // Hang up:
  await video.forceDisconnect(sessionId, call.connectionId);
  // snippet:end
  return call;
}
