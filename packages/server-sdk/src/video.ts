import type { Credentials, TokenOptions } from '@video/auth';
import { createClient, type CallOptions, type ClientCredentials, type ClientOptions, type FromEnvOptions, type Layout, type Page, type VideoClient } from '@video/core';
import { clientFromEnv } from '@video/core/toolkit';
import * as archives from '@video/archives';
import * as broadcasts from '@video/broadcasts';
import * as captions from '@video/captions';
import * as moderation from '@video/moderation';
import * as renders from '@video/renders';
import * as sessions from '@video/sessions';
import * as sip from '@video/sip';
import * as callbacks from '@video/webhooks/register';

/** A created session, with `generateToken()` bound to it. */
export type VideoSession = sessions.Session & {
  /** Mints a client token for this session (see `TokenOptions`). */
  generateToken(options?: TokenOptions): Promise<string>;
};

/** An archive, with `stop()` and `delete()` bound to it. */
export type VideoArchive = archives.Archive & {
  /** Stops this archive and returns its new state. */
  stop(options?: CallOptions): Promise<VideoArchive>;
  /** Deletes this archive's file. */
  delete(options?: CallOptions): Promise<void>;
};

/** A broadcast, with `stop()` bound to it. */
export type VideoBroadcast = broadcasts.Broadcast & {
  /** Stops this broadcast and returns its new state. */
  stop(options?: CallOptions): Promise<VideoBroadcast>;
};

/** Adds methods that `JSON.stringify`, spreading and `Object.keys` do not see. */
function withMethods<T extends object, M extends Record<string, (...args: never[]) => unknown>>(data: T, methods: M): T & M {
  for (const [name, fn] of Object.entries(methods)) {
    Object.defineProperty(data, name, { value: fn, enumerable: false, writable: true, configurable: true });
  }
  return data as T & M;
}

/**
 * The whole Vonage Video API behind one object. Every method is a thin wrapper over the function
 * of the same name in the per-feature packages (`@video/archives` …), which serverless code can
 * import on its own for smaller bundles.
 *
 * ```ts
 * const video = new Video({ applicationId, privateKey });
 * const session = await video.createSession({ mediaMode: 'routed' });
 * const token = await session.generateToken({ role: 'moderator' });
 * ```
 */
export class Video {
  /** The underlying client, for calling the per-feature functions directly. */
  readonly client: VideoClient;

  /**
   * Validates the credentials, the base URL and every option up front (see `createClient`); no
   * request is sent and nothing is read from the environment or the filesystem.
   *
   * Errors: `VideoValidationError` naming the bad field (`applicationId`, `privateKey`, `baseUrl`,
   * `timeout` …).
   */
  constructor(credentials: ClientCredentials | Credentials, options?: ClientOptions) {
    this.client = createClient(credentials, options);
  }

  /**
   * A `Video` configured from environment variables: `VIDEO_APPLICATION_ID` with
   * `VIDEO_PRIVATE_KEY` (PEM text, `\n`-escaped one-line form accepted) or
   * `VIDEO_PRIVATE_KEY_PATH` (read now, on Node and Bun), or `VIDEO_API_KEY` with
   * `VIDEO_API_SECRET`; optionally `VIDEO_BASE_URL`. Synchronous: `const video = Video.fromEnv()`.
   * `options.env` defaults to `process.env`; on Deno or Workers pass it. See `createClientFromEnv`.
   *
   * Errors: `VideoValidationError` naming the variable that is missing, conflicting or invalid
   * (never its value), or `env` when no credentials are set.
   */
  static fromEnv(options?: FromEnvOptions): Video {
    let video: Video | undefined;
    clientFromEnv(options, (credentials, clientOptions) => (video = new Video(credentials, clientOptions)).client);
    return video!;
  }

  // Sessions and tokens

  /**
   * Creates a session (`POST /session/create`, form-encoded). Sessions are free, never expire and
   * cannot be deleted; create one per meeting and store its ID. The API's JSON array answer is
   * reduced to one plain {@link Session}.
   */
  async createSession(options?: sessions.CreateSessionOptions): Promise<VideoSession> {
    const session = await sessions.createSession(this.client, options);
    return withMethods(session, { generateToken: (o?: TokenOptions) => this.generateToken(session.sessionId, o) });
  }

  /**
   * Creates a client token for a session, from a client or from credentials. Local only: no request
   * is sent. See `TokenOptions` for roles, expiry (seconds, at most 30 days), data and layout classes.
   * With OpenTok credentials the session must belong to the same API key.
   */
  generateToken(sessionId: string, options?: TokenOptions): Promise<string> {
    return sessions.generateToken(this.client, sessionId, options);
  }

  // Archives

  private archive(data: archives.Archive): VideoArchive {
    return withMethods(data, {
      stop: (o?: CallOptions) => this.stopArchive(data.id, o),
      delete: (o?: CallOptions) => this.deleteArchive(data.id, o),
    });
  }

  /**
   * Starts recording a session. The session must be routed and have a connected client.
   *
   * Errors: `VideoValidationError` (bad options, before any request, e.g. `hasTranscription`
   * without `outputMode: 'individual'` or with `hasAudio: false`); `ConflictError` (409) with
   * `reason: 'already_recording'` (code 15001) when the session is already being recorded (give a
   * new `multiArchiveTag` to record it twice), and when the session is relayed (`apiCode` 15008);
   * `NotFoundError` (404) when the session does not exist or has no connected client;
   * `InvalidRequestError` (400) for a request the API rejects.
   *
   * Never repeated after an ambiguous failure (timeout, dropped connection, 500/502/504), so a failed
   * call cannot leave two archives behind; 429 and 503 (the request was not processed) are retried.
   */
  async startArchive(sessionId: string, options?: archives.StartArchiveOptions): Promise<VideoArchive> {
    return this.archive(await archives.startArchive(this.client, sessionId, options));
  }

  /**
   * Stops a recording archive; it is then `'stopped'` and, once processed, `'available'`.
   * Stopping an automatic (`archiveMode: 'always'`) archive has no effect.
   *
   * Errors: `NotFoundError` (404) for an unknown archive; `ConflictError` (409) with
   * `reason: 'not_recording'` (code 15002) when it is no longer recording (already available,
   * uploaded, failed, expired or deleted); `InvalidRequestError` (400) for an invalid ID.
   */
  async stopArchive(archiveId: string, options?: CallOptions): Promise<VideoArchive> {
    return this.archive(await archives.stopArchive(this.client, archiveId, options));
  }

  /**
   * Gets one archive, with its current status and, once `'available'`, its download URL.
   *
   * Errors: `NotFoundError` (404) for an unknown archive; `InvalidRequestError` (400) for an invalid ID.
   */
  async getArchive(archiveId: string, options?: CallOptions): Promise<VideoArchive> {
    return this.archive(await archives.getArchive(this.client, archiveId, options));
  }

  /**
   * Lists archives, newest first (deleted ones excluded). `totalCount` is the number of matching
   * archives on all pages, not the length of this page.
   *
   * Errors: `VideoValidationError` for `offset` < 0 or `count` outside 1–1000 (before any request).
   */
  async listArchives(options?: archives.ListArchivesOptions): Promise<Page<VideoArchive>> {
    const page = await archives.listArchives(this.client, options);
    return { items: page.items.map((a) => this.archive(a)), totalCount: page.totalCount };
  }

  /**
   * Every archive, newest first, fetched page by page (`pageSize` per request, default 100) until
   * the end or `limit`: `for await (const archive of iterateArchives(client, { sessionId }))`.
   * The options are checked on the first `next()`, before any request.
   */
  async *iterateArchives(options?: archives.IterateArchivesOptions): AsyncGenerator<VideoArchive, void, undefined> {
    for await (const archive of archives.iterateArchives(this.client, options)) yield this.archive(archive);
  }

  /**
   * Deletes an archive's file. Only archives whose status is `'available'`, `'uploaded'` or
   * `'deleted'` can be deleted; deleted archives no longer appear in lists.
   *
   * Errors: `ConflictError` (409) with `reason: 'not_deletable'` (code 15004) for an archive in
   * any other status (e.g. still recording or processing); `NotFoundError` (404) for an unknown
   * archive.
   */
  deleteArchive(archiveId: string, options?: CallOptions): Promise<void> {
    return archives.deleteArchive(this.client, archiveId, options);
  }

  /**
   * Changes the layout of a composed archive while it records. `stylesheet` goes with (and only
   * with) `type: 'custom'`; `screenshareType` only with `type: 'bestFit'`.
   *
   * Errors: `VideoValidationError` for an invalid layout (before any request);
   * `InvalidRequestError` (400) when the API rejects it (e.g. an individual archive);
   * `NotFoundError` (404) for an unknown archive.
   */
  setArchiveLayout(archiveId: string, layout: Layout, options?: CallOptions): Promise<void> {
    return archives.setArchiveLayout(this.client, archiveId, layout, options);
  }

  /**
   * Adds a stream to an archive started with `streamMode: 'manual'`; calling it again for the same
   * stream changes its audio/video flags. Sends `{addStream, hasAudio, hasVideo}`.
   *
   * Errors: `InvalidRequestError` with code `'method_not_allowed'` (405) or `'bad_request'` (400)
   * when the archive is in `auto` stream mode; `NotFoundError` (404) for an unknown archive or stream.
   */
  addArchiveStream(archiveId: string, streamId: string, options?: archives.AddArchiveStreamOptions): Promise<void> {
    return archives.addArchiveStream(this.client, archiveId, streamId, options);
  }

  /**
   * Removes a stream from an archive started with `streamMode: 'manual'`. Sends `{removeStream}`.
   *
   * Errors: as {@link addArchiveStream}.
   */
  removeArchiveStream(archiveId: string, streamId: string, options?: CallOptions): Promise<void> {
    return archives.removeArchiveStream(this.client, archiveId, streamId, options);
  }

  // Broadcasts

  private broadcast(data: broadcasts.Broadcast): VideoBroadcast {
    return withMethods(data, { stop: (o?: CallOptions) => this.stopBroadcast(data.id, o) });
  }

  /**
   * Starts a live-streaming broadcast of a session (routed, with a connected client) to HLS and/or
   * up to five RTMP(S) servers.
   *
   * Errors: `VideoValidationError` (bad options, before any request); `ConflictError` (409) when the
   * session is relayed or a broadcast is already running (give a new `multiBroadcastTag` to start
   * another); `InvalidRequestError` (400) when the API rejects the request (e.g. no connected
   * client); `NotFoundError` (404) for an unknown session.
   *
   * Never repeated after an ambiguous failure (timeout, dropped connection, 500/502/504), so a failed
   * call cannot start two broadcasts; 429 and 503 (the request was not processed) are retried.
   */
  async startBroadcast(sessionId: string, options: broadcasts.StartBroadcastOptions): Promise<VideoBroadcast> {
    return this.broadcast(await broadcasts.startBroadcast(this.client, sessionId, options));
  }

  /**
   * Stops a broadcast; its HLS and RTMP outputs end.
   *
   * Errors: `NotFoundError` (404) for an unknown or already stopped broadcast;
   * `InvalidRequestError` (400) for an invalid ID.
   */
  async stopBroadcast(broadcastId: string, options?: CallOptions): Promise<VideoBroadcast> {
    return this.broadcast(await broadcasts.stopBroadcast(this.client, broadcastId, options));
  }

  /**
   * Gets one broadcast, with its HLS and RTMP URLs and statuses.
   *
   * Errors: `NotFoundError` (404) for an unknown broadcast.
   */
  async getBroadcast(broadcastId: string, options?: CallOptions): Promise<VideoBroadcast> {
    return this.broadcast(await broadcasts.getBroadcast(this.client, broadcastId, options));
  }

  /**
   * Lists broadcasts, newest first. `totalCount` is the number of matching broadcasts on all pages,
   * not the length of this page.
   *
   * Errors: `VideoValidationError` for `offset` < 0 or `count` outside 1–1000 (before any request).
   */
  async listBroadcasts(options?: broadcasts.ListBroadcastsOptions): Promise<Page<VideoBroadcast>> {
    const page = await broadcasts.listBroadcasts(this.client, options);
    return { items: page.items.map((b) => this.broadcast(b)), totalCount: page.totalCount };
  }

  /**
   * Every broadcast, newest first, fetched page by page (`pageSize` per request, default 100) until
   * the end or `limit`. The options are checked on the first `next()`, before any request.
   */
  async *iterateBroadcasts(options?: broadcasts.IterateBroadcastsOptions): AsyncGenerator<VideoBroadcast, void, undefined> {
    for await (const broadcast of broadcasts.iterateBroadcasts(this.client, options)) yield this.broadcast(broadcast);
  }

  /**
   * Changes the layout of a running broadcast. `stylesheet` goes with (and only with)
   * `type: 'custom'`; `screenshareType` only with `type: 'bestFit'`.
   *
   * Errors: `VideoValidationError` for an invalid layout (before any request);
   * `InvalidRequestError` (400) when the API rejects it; `NotFoundError` (404) for an unknown broadcast.
   */
  setBroadcastLayout(broadcastId: string, layout: Layout, options?: CallOptions): Promise<void> {
    return broadcasts.setBroadcastLayout(this.client, broadcastId, layout, options);
  }

  /**
   * Adds a stream to a broadcast started with `streamMode: 'manual'`; calling it again for the same
   * stream changes its audio/video flags. Sends `{addStream, hasAudio, hasVideo}` (either flag may be
   * false, unlike in opentok-node).
   *
   * Errors: `InvalidRequestError` with code `'method_not_allowed'` (405) or `'bad_request'` (400)
   * when the broadcast is in `auto` stream mode; `NotFoundError` (404) for an unknown broadcast or stream.
   */
  addBroadcastStream(broadcastId: string, streamId: string, options?: broadcasts.AddBroadcastStreamOptions): Promise<void> {
    return broadcasts.addBroadcastStream(this.client, broadcastId, streamId, options);
  }

  /**
   * Removes a stream from a broadcast started with `streamMode: 'manual'`. Sends `{removeStream}`.
   *
   * Errors: as {@link addBroadcastStream}.
   */
  removeBroadcastStream(broadcastId: string, streamId: string, options?: CallOptions): Promise<void> {
    return broadcasts.removeBroadcastStream(this.client, broadcastId, streamId, options);
  }

  // Streams, connections and signals

  /** Gets one stream of a session. The stream must be currently published. */
  getStream(sessionId: string, streamId: string, options?: CallOptions): Promise<sessions.Stream> {
    return sessions.getStream(this.client, sessionId, streamId, options);
  }

  /** Lists the streams currently published in a session (all of them: the API does not page). */
  listStreams(sessionId: string, options?: CallOptions): Promise<Page<sessions.Stream>> {
    return sessions.listStreams(this.client, sessionId, options);
  }

  /**
   * Replaces the layout classes of one or more streams at once (`PUT …/stream`); composed archives
   * and broadcasts with a custom layout arrange streams by these classes. Each item's list replaces
   * that stream's classes; an empty list clears them.
   */
  setStreamClassLists(sessionId: string, items: readonly sessions.StreamClassList[], options?: CallOptions): Promise<void> {
    return sessions.setStreamClassLists(this.client, sessionId, items, options);
  }

  /**
   * Lists the connections of a session (`GET …/session/{sessionId}/connection`): its clients, SIP
   * calls, Audio Connectors and Experience Composers, oldest first, all in one page (the API does
   * not page this list). The result also names the session and the project that owns it.
   *
   * Errors: `NotFoundError` (404) for an unknown session; `InvalidRequestError` (400) for an invalid
   * session ID; `VideoValidationError` for a session ID that cannot be a path segment (before any
   * request).
   */
  listConnections(sessionId: string, options?: CallOptions): Promise<sessions.ConnectionList> {
    return sessions.listConnections(this.client, sessionId, options);
  }

  /**
   * Moves a session to another media server (`POST …/session/{sessionId}/migrate`, no body), for
   * example ahead of a server rotation announced by a `sessionNotification` callback. The API answers
   * 202 ("Session migration initiated") and migrates in the background: connected clients move with
   * it, and so do SIP calls and Audio Connectors started with `sessionMigration: true` (see `dial`
   * and `websocketConnect` in `@video/sip`); other SIP calls and connectors are disconnected.
   * Archives, broadcasts, Experience Composers and live captions are not migrated: start them again
   * once the migration is done.
   *
   * Errors: `ConflictError` (409) when a migration of the session is already in progress (API code
   * 15214, the `code` of the error body) or when the session was created or last migrated too recently
   * (code 15215); `NotFoundError` (404) when no client is connected to the session;
   * `InvalidRequestError` (400) for an invalid session ID; `AuthenticationError` (403) when the
   * credentials are refused or belong to another project; `VideoValidationError` for a session ID
   * that cannot be a path segment (before any request).
   *
   * Not idempotent: a repeat while the first migration runs is a 409, so the call is never repeated
   * after an ambiguous failure (timeout, dropped connection, 500/502/504); 429 and 503 (the request
   * was not processed) are retried.
   */
  migrateSession(sessionId: string, options?: CallOptions): Promise<void> {
    return sessions.migrateSession(this.client, sessionId, options);
  }

  /**
   * Sends a signal to every client of a session, or to one connection (`POST …/signal`). Clients
   * receive it with an empty `from`. Not retried after a 5xx or a dropped connection, since clients
   * could then receive it twice.
   */
  signal(sessionId: string, options: sessions.SignalOptions): Promise<void> {
    return sessions.signal(this.client, sessionId, options);
  }

  // Moderation

  /**
   * Disconnects a client (or a SIP call, Audio Connector or Experience Composer) from a session
   * (`DELETE …/connection/{connectionId}`); its streams end with it. Get connection IDs from
   * `listConnections` or your session-monitoring callbacks.
   */
  forceDisconnect(sessionId: string, connectionId: string, options?: CallOptions): Promise<void> {
    return moderation.forceDisconnect(this.client, sessionId, connectionId, options);
  }

  /**
   * Mutes the audio of one stream (`POST …/stream/{streamId}/mute`). The publisher can unmute it
   * again. Safe to retry: muting twice has the same effect as once.
   */
  forceMuteStream(sessionId: string, streamId: string, options?: CallOptions): Promise<void> {
    return moderation.forceMuteStream(this.client, sessionId, streamId, options);
  }

  /**
   * Mutes every stream of a session except the excluded ones, and keeps muting streams published
   * later, until {@link disableForceMute} (`POST …/mute` with `{active: true, excludedStreamIds}`).
   */
  forceMuteAll(sessionId: string, options?: moderation.ForceMuteAllOptions): Promise<void> {
    return moderation.forceMuteAll(this.client, sessionId, options);
  }

  /**
   * Ends {@link forceMuteAll}: streams published from now on are no longer muted. Streams that are
   * already muted stay muted (`POST …/mute` with `{active: false}`).
   */
  disableForceMute(sessionId: string, options?: CallOptions): Promise<void> {
    return moderation.disableForceMute(this.client, sessionId, options);
  }

  // SIP and Audio Connector

  /**
   * Dials a SIP URI and joins the call to a routed session as a new connection that publishes a
   * stream. Hang up by force-disconnecting the call's `connectionId`.
   *
   * Errors: `VideoValidationError` (bad options, before any request); `ConflictError` (409) for a
   * relayed session; `NotFoundError` (404) for an unknown session; `InvalidRequestError` (400) for a
   * request the API rejects (an invalid token, say); `InvalidResponseError` when a 2xx answer lacks
   * the call's `id`.
   *
   * Never retried after an ambiguous failure (timeout, dropped connection, 5xx), so a failed call
   * cannot ring a phone twice; 429, 503 and a 500 with API code `-1` ("unable to allocate a media
   * server", documented as not carried out) are retried with backoff.
   */
  dial(sessionId: string, options: sip.DialOptions): Promise<sip.SipCall> {
    return sip.dial(this.client, sessionId, options);
  }

  /**
   * Plays DTMF tones into a session's SIP calls, as RFC 4733 telephone events: `0`–`9`, `*`, `#`,
   * and `p` for a 500 ms pause. Throws a `NotFoundError` when the session does not exist or the
   * connection is not connected. Not retried after an ambiguous failure, so tones are never doubled.
   */
  playDTMF(sessionId: string, digits: string, options?: sip.PlayDtmfOptions): Promise<void> {
    return sip.playDTMF(this.client, sessionId, digits, options);
  }

  /**
   * Starts an Audio Connector: the session's audio streams to your WebSocket server as L16 PCM
   * (routed sessions only). Your server must accept the connection within 6 seconds. The connector
   * joins the session as a connection of its own; stop it with {@link websocketDisconnect}.
   *
   * Errors: `VideoValidationError` (bad options, before any request); `ConflictError` (409) for a
   * relayed session; `NotFoundError` (404) for an unknown session; `InvalidRequestError` (400) for a
   * request the API rejects (an invalid token, say); `InvalidResponseError` when a 2xx answer lacks
   * the connector's `id` or `connectionId`.
   *
   * Never repeated after an ambiguous failure (timeout, dropped connection, 500/502/504), so a failed
   * call cannot leave two connectors behind; 429 and 503 (the request was not processed) are retried.
   */
  websocketConnect(sessionId: string, options: sip.WebsocketConnectOptions): Promise<sip.AudioConnection> {
    return sip.websocketConnect(this.client, sessionId, options);
  }

  /**
   * Stops an Audio Connector: it force-disconnects the connector's connection with
   * `DELETE /v2/project/{key}/session/{sessionId}/connection/{connectionId}`, the documented way to
   * end one (the API has no working stop route for connectors). Pass the object
   * {@link websocketConnect} returned (any object with its `sessionId` and `connectionId` will do).
   *
   * Errors: `VideoValidationError` when `connector` is not such an object or an ID is empty or
   * contains `/`, `?`, `#` or `..` (before any request); `NotFoundError` (404) when the connection is
   * not in the session, which means the connector was already gone (stopped before, or ended on its
   * own), or when the session is unknown; `InvalidRequestError` (400) for an ID the API rejects.
   *
   * Retried after an ambiguous failure like every DELETE; a retry whose first attempt did stop the
   * connector therefore ends in a `NotFoundError`, which means the same: it is gone.
   */
  websocketDisconnect(connector: Pick<sip.AudioConnection, 'sessionId' | 'connectionId'>, options?: CallOptions): Promise<void> {
    return sip.websocketDisconnect(this.client, connector, options);
  }

  // Live captions

  /**
   * Starts live captions for a routed session; one captioning job runs per session. Keep the
   * returned `captionsId`: it is the only way to stop the job (the API has no call that reads or
   * lists captions).
   *
   * Errors: `VideoValidationError` (bad options, before any request); `ConflictError` (409) when
   * captions are already running or the session is relayed; `InvalidRequestError` (400) when the
   * token is not a moderator's; `NotFoundError` (404) for an unknown session.
   *
   * Never repeated after an ambiguous failure (timeout, dropped connection, 500/502/504).
   */
  startCaptions(sessionId: string, options: captions.StartCaptionsOptions): Promise<captions.StartCaptionsResult> {
    return captions.startCaptions(this.client, sessionId, options);
  }

  /**
   * Stops live captions.
   *
   * Errors: `NotFoundError` (404) for an unknown captions ID; `VideoValidationError` for an empty or
   * malformed ID (before any request).
   */
  stopCaptions(captionsId: string, options?: CallOptions): Promise<void> {
    return captions.stopCaptions(this.client, captionsId, options);
  }

  // Experience Composer

  /**
   * Starts an Experience Composer render: the page at `url` is loaded and published into a routed
   * session. It is `'starting'` at first; poll {@link getRender} until it is `'started'`.
   *
   * Errors: `VideoValidationError` (bad options, before any request); `InvalidRequestError` (400)
   * for a request the API rejects (its `apiCode` 50001–50008 names the field: URL, maxDuration,
   * resolution, stream name, session ID) or a token that is not a publisher's; `AuthenticationError`
   * (403) with `reason: 'token_session_mismatch'` (code 10007) when `token` is for another session
   * and `reason: 'token_expired'` (10012) when it has expired; `ConflictError` (409) for a relayed
   * session; `RateLimitError` (429) with `apiCode` 50004 and `retryable: false` when the account's
   * Experience Composer usage cap is reached: that one is never retried (contact Vonage support).
   *
   * Not retried after an ambiguous failure (timeout, dropped connection, 500/502/504), so a failed
   * call cannot leave two renders behind; 429 (but 50004) and 503 are retried.
   */
  startRender(sessionId: string, options: renders.StartRenderOptions): Promise<renders.Render> {
    return renders.startRender(this.client, sessionId, options);
  }

  /** Gets one render. Throws a `NotFoundError` for an unknown render ID. */
  getRender(renderId: string, options?: CallOptions): Promise<renders.Render> {
    return renders.getRender(this.client, renderId, options);
  }

  /** Stops a render; its connection and stream leave the session. Throws a `NotFoundError` for an unknown render ID. */
  stopRender(renderId: string, options?: CallOptions): Promise<void> {
    return renders.stopRender(this.client, renderId, options);
  }

  /** Lists renders, newest first. `totalCount` is the number of renders on all pages. */
  listRenders(options?: renders.ListRendersOptions): Promise<Page<renders.Render>> {
    return renders.listRenders(this.client, options);
  }

  /** Every render, newest first, fetched page by page: `for await (const r of iterateRenders(client))`. */
  iterateRenders(options?: renders.IterateRendersOptions): AsyncGenerator<renders.Render, void, undefined> {
    return renders.iterateRenders(this.client, options);
  }

  // Legacy project callbacks (OpenTok project credentials only)

  /**
   * Registers a URL for the project's `connection` or `stream` callbacks (`POST …/callback`).
   * OpenTok credentials only: with application credentials it throws a `VideoValidationError`
   * before any request (set an application's callbacks in the Vonage dashboard). Receive the
   * events with `@video/webhooks`.
   */
  registerCallback(options: callbacks.RegisterCallbackOptions): Promise<callbacks.RegisteredCallback> {
    return callbacks.registerCallback(this.client, options);
  }

  /** Lists the project's registered callbacks (`GET …/callback`). OpenTok credentials only. */
  listCallbacks(options?: CallOptions): Promise<callbacks.RegisteredCallback[]> {
    return callbacks.listCallbacks(this.client, options);
  }

  /** Removes a registered callback (`DELETE …/callback/{id}`). OpenTok credentials only. */
  unregisterCallback(callbackId: string, options?: CallOptions): Promise<void> {
    return callbacks.unregisterCallback(this.client, callbackId, options);
  }
}
