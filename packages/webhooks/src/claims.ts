/** What the JWT of a verified callback said about it. */
export interface CallbackClaims {
  /** The token's unique ID: the key for de-duplication (see `seen`). */
  jti: string | undefined;
  /** When the token was signed (`iat`). */
  issuedAt: Date;
  /** The OpenTok API key / project ID (`api_key`), when present. */
  apiKey: string | undefined;
  /** The Vonage application ID (`application_id`), when present. */
  applicationId: string | undefined;
}
