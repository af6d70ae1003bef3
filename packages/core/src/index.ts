// `@video/core`: the client every operation takes first, its options, errors and transports. The
// helpers the operation packages are built from are on `@video/core/toolkit`.
export { createClient, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, type ClientCredentials, type ClientOptions, type VideoClient } from './client.js';
export { createClientFromEnv, ENV_VARIABLES, type Env, type FromEnvOptions } from './from-env.js';
export type { CallOptions, RetryOptions } from './call-options.js';
export type { HttpMethod, RequestSpec, VideoResponse } from './pipeline.js';
export {
  fetchTransport,
  RESPONSE_TOO_LARGE,
  responseTooLarge,
  type FetchTransportOptions,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from './transport.js';
export type { Hooks, Logger, LogLevel, RequestEvent, ResponseEvent, RetryEvent } from './hooks.js';
export {
  AuthenticationError,
  ClockSkewError,
  ConflictError,
  InvalidRequestError,
  InvalidResponseError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  VideoError,
  VideoValidationError,
  isVideoError,
  type AuthenticationErrorOptions,
  type AuthenticationReason,
  type ConflictErrorOptions,
  type ConflictReason,
  type VideoErrorOptions,
} from './errors.js';
export type { Page } from './paginate.js';
export type { IterateOptions, ListOptions, SessionIterateOptions, SessionListOptions } from './lists.js';
export type { StreamSelectionOptions } from './stream-selection.js';
export type { Layout, LayoutType, Resolution, ScreenshareType, StreamMode } from './shapes.js';
