// snippet:start
import { readFileSync } from 'node:fs';
import { Video } from '@video/server-sdk';

// Vonage application credentials (RS256). The SDK never reads files: pass the key itself.
const video = new Video({
  applicationId: process.env.VIDEO_APPLICATION_ID!,
  privateKey: readFileSync('private.key', 'utf8'),
});

// Or legacy OpenTok project credentials (HS256), with options:
const legacy = new Video(
  { apiKey: process.env.VIDEO_API_KEY!, apiSecret: process.env.VIDEO_API_SECRET! },
  {
    timeout: 10_000, // ms per attempt (default 20 000)
    retry: { maxAttempts: 4, maxElapsed: 20_000 }, // or false
    appendToUserAgent: 'my-app/2.1.0',
    logger: console, // receives redacted request/response/retry lines
  },
);
// snippet:end

export { video, legacy };
