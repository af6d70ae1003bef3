// A callback receiver for any runtime with web-standard Request/Response: Cloudflare Workers,
// Deno, Bun, Vercel/Netlify edge functions, Next.js route handlers, Hono. It verifies each
// callback's signature and hands a typed event to the switch below.
// snippet:start
import { handleCallback } from '@video/webhooks';

export default {
  fetch: (request: Request, env: { VIDEO_CALLBACK_SECRET: string }) =>
    handleCallback(request, {
      secret: env.VIDEO_CALLBACK_SECRET, // the callback's signature secret, from the Video dashboard
      onEvent: async (event) => {
        switch (event.type) {
          case 'archive':
            if (event.status === 'available') console.log(`archive ${event.id} is ready: ${event.url}`);
            break;
          case 'connectionCreated':
            console.log(`${event.connection.id} joined ${event.sessionId} at ${event.timestamp.toISOString()}`);
            break;
          case 'callDestroyed':
            console.log(`SIP call ${event.call.id} ended: ${event.reasonCode} ${event.reasonMessage}`);
            break;
          case 'sessionNotification':
            console.log(`session ${event.sessionId} will be rotated: move it before it is`);
            break;
          case 'unknown':
            console.log('a callback this version does not know', event.raw);
        }
      },
    }),
};
// snippet:end
