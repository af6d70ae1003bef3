export { VideoError, VideoValidationError, isVideoError, type VideoErrorOptions } from './errors.js';
export {
  Credentials,
  createCredentials,
  type AuthMode,
  type CredentialsInput,
  type OpenTokCredentials,
  type VonageCredentials,
} from './credentials.js';
export type { KeyObjectLike, PrivateKeyInput } from './private-key.js';
export {
  createRestToken,
  discardRestToken,
  restAuthHeader,
  REST_TOKEN_BACKDATE,
  REST_TOKEN_LIFETIME,
  type AuthHeader,
} from './rest-token.js';
export {
  generateToken,
  TOKEN_ROLES,
  DEFAULT_TOKEN_LIFETIME,
  MAX_TOKEN_LIFETIME,
  type TokenOptions,
  type TokenRole,
} from './client-token.js';
export { decodeSessionId, type DecodedSessionId } from './session-id.js';
export { decodeClientToken, type DecodedClientToken } from './decode-token.js';
