// The same receiver in an Express app, mounted before express.json(): the signature covers the
// raw body, which the middleware reads itself. VIDEO_CALLBACK_SECRET must be set when this loads
// (a missing or wrong secret throws at start-up, not at the first callback).
// snippet:start
import express from 'express';
import { callbackMiddleware } from '@video/webhooks/node';

export const app: express.Express = express();
app.post(
  '/video/callbacks',
  callbackMiddleware({
    secret: process.env.VIDEO_CALLBACK_SECRET!,
    onEvent: (event) => console.log(event.type, event),
    onError: (error) => console.warn('callback refused:', error),
  }),
);
app.use(express.json()); // the rest of your app
// snippet:end
