export { verifyCallback } from './verify.js';
export { parseCallback, type CallbackBody } from './parse.js';
export { handleCallback } from './web.js';
export {
  CallbackVerificationError,
  CallbackParseError,
  VideoError,
  VideoValidationError,
  isVideoError,
  type CallbackVerificationReason,
} from './errors.js';
export {
  DEFAULT_MAX_AGE,
  DEFAULT_CLOCK_TOLERANCE,
  DEFAULT_MAX_BODY_BYTES,
  type VerifyCallbackOptions,
  type CallbackHandlerOptions,
  type VerifiedCallbackEvent,
  type CallbackSecret,
  type SecretValue,
} from './options.js';
export type { CallbackClaims } from './claims.js';
export {
  type CallbackType,
  type CallbackEvent,
  type KnownEventType,
  type RawPayload,
  type UnknownCallbackEvent,
  type SessionCreatedEvent,
  type SessionDestroyedEvent,
  type SessionNotificationEvent,
  type ConnectionCreatedEvent,
  type ConnectionDestroyedEvent,
  type StreamCreatedEvent,
  type StreamDestroyedEvent,
  type CallCreatedEvent,
  type CallUpdatedEvent,
  type CallDestroyedEvent,
  type MuteForcedEvent,
  type ArchiveEvent,
  type BroadcastEvent,
  type RenderEvent,
  type CaptionsEvent,
} from './events.js';
