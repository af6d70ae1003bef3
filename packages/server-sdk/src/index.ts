// `@video/server-sdk`: the `Video` class, and everything the per-feature packages export (their
// functions as well as their types), so one import serves both styles: `new Video(…)` and
// `startArchive(client, …)`. The function forms are the same objects the packages export.
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
export * from '@video/core';
export * from '@video/sessions';
export * from '@video/archives';
export * from '@video/broadcasts';
export * from '@video/sip';
export * from '@video/moderation';
export * from '@video/captions';
export * from '@video/renders';
export * from '@video/webhooks/register';
