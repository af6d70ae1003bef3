export { Video, type VideoArchive, type VideoBroadcast, type VideoSession } from './video.js';
export {
  createCredentials,
  decodeClientToken,
  decodeSessionId,
  type CredentialsInput,
  type DecodedClientToken,
  type DecodedSessionId,
  type OpenTokCredentials,
  type TokenOptions,
  type TokenRole,
  type VonageCredentials,
} from '@video/auth';
export {
  AuthenticationError,
  ClockSkewError,
  ConflictError,
  createClient,
  fetchTransport,
  InvalidRequestError,
  InvalidResponseError,
  isVideoError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  VideoError,
  VideoValidationError,
  type CallOptions,
  type ClientCredentials,
  type ClientOptions,
  type IterateOptions,
  type Layout,
  type ListOptions,
  type Logger,
  type Page,
  type Resolution,
  type RetryOptions,
  type StreamMode,
  type Transport,
  type VideoClient,
} from '@video/core';
export type * from '@video/sessions';
export type * from '@video/archives';
export type * from '@video/broadcasts';
export type * from '@video/sip';
export type * from '@video/moderation';
export type * from '@video/captions';
export type * from '@video/renders';
