// `@video/webhooks/register`: the legacy project-callback endpoints (`/v2/project/{apiKey}/callback`,
// the OpenTok SDKs' registerCallback, listCallbacks and unregisterCallback), so that everything
// about callbacks is in this package. It needs the HTTP client of `@video/core`; the main entry,
// which only receives callbacks, never imports this file.
import type { CallOptions, VideoClient } from '@video/core';
import { InvalidResponseError, VideoValidationError } from '@video/core';
import {
  asObject,
  callOptions,
  isHttpsOrLoopback,
  lazy,
  operationSchema,
  parseCallOptions,
  parseOptions,
  pathSegment,
  projectPath,
  readDate,
  readId,
  readString,
  type OperationOptions,
  type Raw,
} from '@video/core/toolkit';
import * as z from 'zod/mini';

/** What a project callback is about: clients connecting (`'connection'`) or streams (`'stream'`). */
export type CallbackGroup = 'connection' | 'stream';
/** When a project callback is sent: on creation or destruction of a connection or stream. */
export type CallbackEventName = 'created' | 'destroyed';

const URL_RULE = 'must be an https:// URL (plain http:// only to localhost / 127.0.0.1 / [::1], e.g. the emulator)';

function isCallbackUrl(value: string): boolean {
  try {
    return isHttpsOrLoopback(new URL(value));
  } catch {
    return false;
  }
}

const registerCallbackShape = /* @__PURE__ */ lazy(() => ({
  /** `'connection'`: clients connecting to and leaving sessions; `'stream'`: streams published and unpublished. */
  group: z.enum(['connection', 'stream']),
  /** `'created'` or `'destroyed'`. */
  event: z.enum(['created', 'destroyed']),
  /**
   * Where the service posts the events: an `https://` URL it can reach (plain `http://` is
   * accepted only for a loopback host, to receive the emulator's callbacks).
   */
  url: z.string().check(z.minLength(1), z.refine(isCallbackUrl, { error: URL_RULE })),
}));
const registerCallbackSchema = /* @__PURE__ */ lazy(() => operationSchema(registerCallbackShape()));

/** Options of {@link registerCallback}. */
export type RegisterCallbackOptions = OperationOptions<typeof registerCallbackShape>;

/** A callback registered for the project. */
export interface RegisteredCallback {
  /** For {@link unregisterCallback}. */
  id: string;
  /** `'connection'` or `'stream'`. */
  group: CallbackGroup | (string & {});
  /** The event within the group, e.g. `'created'`. */
  event: CallbackEventName | (string & {});
  /** Where the API posts the callbacks. */
  url: string;
  /** When the callback was registered, if the API said so. */
  createdAt: Date | undefined;
}

const APPLICATION_MODE =
  'legacy project callbacks (/v2/project/{apiKey}/callback) exist only for OpenTok project credentials (apiKey, apiSecret); ' +
  'the Vonage Video API has no such endpoint for applications. Set the callback URLs of an application in the Vonage dashboard ' +
  '(Applications → your application → Video), or with the Application API: PUT https://api.nexmo.com/v2/applications/{id} ' +
  'with capabilities.video.webhooks.<type> = { address, active } (types such as connection_created, stream_destroyed, archive_status)';

/** Refuses application credentials before any request: the service has the endpoint for projects only. */
function projectOnly(client: VideoClient): void {
  if (client?.mode === 'vonage') throw new VideoValidationError('credentials', APPLICATION_MODE);
}

function toCallback(raw: Raw, operation: string, response: { status: number; requestId?: string }): RegisteredCallback {
  return {
    id: readId(raw, 'id', operation, response),
    group: readString(raw, 'group') ?? '',
    event: readString(raw, 'event') ?? '',
    url: readString(raw, 'url') ?? '',
    createdAt: readDate(raw, 'createdAt'),
  };
}

/**
 * Registers a URL to which the service posts an event of `group` (`'connection'` or `'stream'`)
 * when one is `'created'` or `'destroyed'`: the OpenTok SDKs' `registerCallback`. Legacy, and for
 * OpenTok project credentials only; receive the events with `handleCallback` or `verifyCallback`
 * of `@video/webhooks`.
 *
 * Errors: `VideoValidationError` before any request — on `credentials` for application (Vonage)
 * credentials, for which the API has no such endpoint (set callbacks in the dashboard, or with the
 * Application API's `capabilities.video.webhooks`), and on an option for a bad `group`, `event` or
 * `url` (https, or http to a loopback host); `InvalidRequestError` (400) for a request the API
 * refuses; `InvalidResponseError` when the answer has no `id`.
 *
 * Never repeated after an ambiguous failure (timeout, dropped connection, 500/502/504): that
 * could register the URL twice (check with {@link listCallbacks}).
 */
export async function registerCallback(client: VideoClient, options: RegisterCallbackOptions): Promise<RegisteredCallback> {
  projectOnly(client);
  const o = parseOptions(registerCallbackSchema(), options);
  const path = projectPath(client, 'callback');
  const res = await client.request({
    operation: 'registerCallback',
    method: 'POST',
    path,
    json: { group: o.group, event: o.event, url: o.url },
    idempotent: false,
    ...callOptions(o),
  });
  return toCallback(asObject(res.body), 'registerCallback', res);
}

/**
 * Lists the callbacks registered for the project, oldest first: the OpenTok SDKs' `listCallbacks`.
 * OpenTok project credentials only.
 *
 * Errors: `VideoValidationError` on `credentials` for application (Vonage) credentials, before any
 * request; `InvalidResponseError` when the answer is not a JSON array, or an item has no `id`.
 */
export async function listCallbacks(client: VideoClient, options: CallOptions = {}): Promise<RegisteredCallback[]> {
  projectOnly(client);
  const call = parseCallOptions(options);
  const path = projectPath(client, 'callback');
  const res = await client.request({ operation: 'listCallbacks', method: 'GET', path, ...call });
  if (!Array.isArray(res.body)) {
    throw new InvalidResponseError('listCallbacks: the response is not a JSON array', { body: res.body, status: res.status, requestId: res.requestId });
  }
  return res.body.map((item) => toCallback(asObject(item), 'listCallbacks', res));
}

/**
 * Removes a registered callback: the OpenTok SDKs' `unregisterCallback`. OpenTok project
 * credentials only.
 *
 * Errors: `NotFoundError` (404) for an unknown callback ID; `VideoValidationError` before any
 * request for an empty or malformed ID, or on `credentials` for application (Vonage) credentials.
 */
export async function unregisterCallback(client: VideoClient, callbackId: string, options: CallOptions = {}): Promise<void> {
  projectOnly(client);
  const call = parseCallOptions(options);
  const path = projectPath(client, 'callback', pathSegment(callbackId, 'callbackId'));
  await client.request({ operation: 'unregisterCallback', method: 'DELETE', path, expect: 'none', ...call });
}
