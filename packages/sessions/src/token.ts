import { generateToken as signToken, type Credentials, type CredentialsInput, type TokenOptions } from '@video/auth';
import type { VideoClient } from '@video/core';

function isClient(value: unknown): value is VideoClient {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<VideoClient>).request === 'function' &&
    (value as Partial<VideoClient>).credentials !== undefined
  );
}

/**
 * Creates a client token for a session, from a client or from credentials. Local only: no request
 * is sent. See `TokenOptions` for roles, expiry (seconds, at most 30 days), data and layout classes.
 * With OpenTok credentials the session must belong to the same API key.
 */
export async function generateToken(
  clientOrCredentials: VideoClient | CredentialsInput | Credentials,
  sessionId: string,
  options: TokenOptions = {},
): Promise<string> {
  const credentials = isClient(clientOrCredentials) ? clientOrCredentials.credentials : clientOrCredentials;
  return signToken(credentials, sessionId, options);
}
