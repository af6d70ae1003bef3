// snippet:start
import { readFileSync } from 'node:fs';
import { Video } from '@video/server-sdk';

// From the environment: VIDEO_APPLICATION_ID with VIDEO_PRIVATE_KEY (PEM text) or
// VIDEO_PRIVATE_KEY_PATH, or VIDEO_API_KEY with VIDEO_API_SECRET; VIDEO_BASE_URL optional.
const video = Video.fromEnv();

// Or Vonage application credentials (RS256) given explicitly:
const app = new Video({
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
    logger: console, // redacted retry warnings; logLevel: 'debug' adds every request and response
  },
);
// snippet:end

export { video, app, legacy };
