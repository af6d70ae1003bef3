export {
  createClient,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT,
  type ClientCredentials,
  type ClientOptions,
  type VideoClient,
} from './client.js';
export { CALL_OPTION_KEYS, callOptions, type CallOptions, type HttpMethod, type RequestSpec, type VideoResponse } from './pipeline.js';
export type { RetryOptions } from './retry.js';
export {
  fetchTransport,
  RESPONSE_TOO_LARGE,
  responseTooLarge,
  type FetchTransportOptions,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from './transport.js';
export type { Hooks, Logger, RequestEvent, ResponseEvent, RetryEvent } from './hooks.js';
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
  type VideoErrorOptions,
} from './errors.js';
export { checkId, pathSegment, projectPath } from './paths.js';
export { paginate, type IterateOptions, type Page } from './paginate.js';
export {
  checkBoolean,
  checkInteger,
  checkKeys,
  checkObject,
  checkOneOf,
  checkString,
  checkStringArray,
  optional,
  type StringRules,
} from './validate.js';
export { redactHeaders, redactText, redactValue, REDACTED } from './redact.js';
export { asObject, readArray, readBoolean, readNumber, readOwner, readPage, readString, readStrings, type Raw } from './read.js';
export {
  checkLayout,
  checkListOptions,
  LAYOUT_TYPES,
  RESOLUTIONS,
  SCREENSHARE_TYPES,
  STREAM_MODES,
  type Layout,
  type LayoutType,
  type ListOptions,
  type Resolution,
  type ScreenshareType,
  type StreamMode,
} from './common.js';
export { iteratePages, listPage, type IteratePagesOptions, type ListPageOptions, type ListSpec } from './lists.js';
export { addStream, removeStream, type StreamSelectionOptions } from './stream-selection.js';
