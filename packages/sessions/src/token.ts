import { generateToken as signToken, type Credentials, type CredentialsInput, type TokenOptions } from '@video/auth';
import type { VideoClient } from '@video/core';

/**
 * Creates a client token for a session, from a client or from credentials. Local only: no request
 * is sent. See `TokenOptions` for roles, expiry (seconds, at most 30 days), data and layout classes.
 */
export function generateToken(
  clientOrCredentials: VideoClient | CredentialsInput | Credentials,
  sessionId: string,
  options?: TokenOptions,
): Promise<string> {
  const source = clientOrCredentials as Partial<VideoClient>;
  const credentials = typeof source.request === 'function' && source.credentials ? source.credentials : clientOrCredentials;
  return signToken(credentials as CredentialsInput | Credentials, sessionId, options);
}
