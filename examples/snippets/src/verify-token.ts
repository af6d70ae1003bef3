import { verifyClientToken } from '@video/auth/verify';
import type { OpenTokCredentials } from '@video/server-sdk';

export async function example(credentials: OpenTokCredentials, token: string, sessionId: string) {
  // snippet:start
  // (import { verifyClientToken } from '@video/auth/verify': the jose-based check stays out of other bundles)
  // Checks the signature, expiry, role, project and session as the API does; a failure is a
  // VideoValidationError on 'token' whose message names the check, e.g. "… has expired (at …)".
  const claims = await verifyClientToken(token, credentials, { sessionId });
  console.log(claims.role, claims.expiresAt, claims.data);
  // snippet:end
  return claims;
}
