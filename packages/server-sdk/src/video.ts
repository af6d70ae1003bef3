import type { Credentials, TokenOptions } from '@video/auth';
import {
  createClient,
  type CallOptions,
  type ClientCredentials,
  type ClientOptions,
  type IterateOptions,
  type Layout,
  type Page,
  type VideoClient,
} from '@video/core';
import * as archives from '@video/archives';
import * as broadcasts from '@video/broadcasts';
import * as captions from '@video/captions';
import * as moderation from '@video/moderation';
import * as renders from '@video/renders';
import * as sessions from '@video/sessions';
import * as sip from '@video/sip';

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

  constructor(credentials: ClientCredentials | Credentials, options?: ClientOptions) {
    this.client = createClient(credentials, options);
  }

  // Sessions and tokens

  /** Creates a session. Media mode defaults to `'relayed'`; archiving and broadcasts need `'routed'`. */
  async createSession(options?: sessions.CreateSessionOptions): Promise<VideoSession> {
    const session = await sessions.createSession(this.client, options);
    return withMethods(session, { generateToken: (o?: TokenOptions) => this.generateToken(session.sessionId, o) });
  }

  /** Mints a client token for a session. Local only: nothing is sent. */
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

  /** Starts recording a session (routed, with a connected client). */
  async startArchive(sessionId: string, options?: archives.StartArchiveOptions): Promise<VideoArchive> {
    return this.archive(await archives.startArchive(this.client, sessionId, options));
  }

  async stopArchive(archiveId: string, options?: CallOptions): Promise<VideoArchive> {
    return this.archive(await archives.stopArchive(this.client, archiveId, options));
  }

  async getArchive(archiveId: string, options?: CallOptions): Promise<VideoArchive> {
    return this.archive(await archives.getArchive(this.client, archiveId, options));
  }

  /** One page of archives, newest first; `totalCount` counts all pages. */
  async listArchives(options?: archives.ListArchivesOptions): Promise<Page<VideoArchive>> {
    const page = await archives.listArchives(this.client, options);
    return { items: page.items.map((a) => this.archive(a)), totalCount: page.totalCount };
  }

  /** Every archive, page by page: `for await (const archive of video.iterateArchives({ sessionId }))`. */
  async *iterateArchives(options?: archives.IterateArchivesOptions): AsyncGenerator<VideoArchive, void, undefined> {
    for await (const archive of archives.iterateArchives(this.client, options)) yield this.archive(archive);
  }

  deleteArchive(archiveId: string, options?: CallOptions): Promise<void> {
    return archives.deleteArchive(this.client, archiveId, options);
  }

  setArchiveLayout(archiveId: string, layout: Layout, options?: CallOptions): Promise<void> {
    return archives.setArchiveLayout(this.client, archiveId, layout, options);
  }

  addArchiveStream(archiveId: string, streamId: string, options?: archives.AddArchiveStreamOptions): Promise<void> {
    return archives.addArchiveStream(this.client, archiveId, streamId, options);
  }

  removeArchiveStream(archiveId: string, streamId: string, options?: CallOptions): Promise<void> {
    return archives.removeArchiveStream(this.client, archiveId, streamId, options);
  }

  // Broadcasts

  private broadcast(data: broadcasts.Broadcast): VideoBroadcast {
    return withMethods(data, { stop: (o?: CallOptions) => this.stopBroadcast(data.id, o) });
  }

  /** Starts an HLS and/or RTMP broadcast of a session (routed, with a connected client). */
  async startBroadcast(sessionId: string, options: broadcasts.StartBroadcastOptions): Promise<VideoBroadcast> {
    return this.broadcast(await broadcasts.startBroadcast(this.client, sessionId, options));
  }

  async stopBroadcast(broadcastId: string, options?: CallOptions): Promise<VideoBroadcast> {
    return this.broadcast(await broadcasts.stopBroadcast(this.client, broadcastId, options));
  }

  async getBroadcast(broadcastId: string, options?: CallOptions): Promise<VideoBroadcast> {
    return this.broadcast(await broadcasts.getBroadcast(this.client, broadcastId, options));
  }

  async listBroadcasts(options?: broadcasts.ListBroadcastsOptions): Promise<Page<VideoBroadcast>> {
    const page = await broadcasts.listBroadcasts(this.client, options);
    return { items: page.items.map((b) => this.broadcast(b)), totalCount: page.totalCount };
  }

  async *iterateBroadcasts(options?: broadcasts.IterateBroadcastsOptions): AsyncGenerator<VideoBroadcast, void, undefined> {
    for await (const broadcast of broadcasts.iterateBroadcasts(this.client, options)) yield this.broadcast(broadcast);
  }

  setBroadcastLayout(broadcastId: string, layout: Layout, options?: CallOptions): Promise<void> {
    return broadcasts.setBroadcastLayout(this.client, broadcastId, layout, options);
  }

  addBroadcastStream(broadcastId: string, streamId: string, options?: broadcasts.AddBroadcastStreamOptions): Promise<void> {
    return broadcasts.addBroadcastStream(this.client, broadcastId, streamId, options);
  }

  removeBroadcastStream(broadcastId: string, streamId: string, options?: CallOptions): Promise<void> {
    return broadcasts.removeBroadcastStream(this.client, broadcastId, streamId, options);
  }

  // Streams, connections and signals

  getStream(sessionId: string, streamId: string, options?: CallOptions): Promise<sessions.Stream> {
    return sessions.getStream(this.client, sessionId, streamId, options);
  }

  listStreams(sessionId: string, options?: CallOptions): Promise<Page<sessions.Stream>> {
    return sessions.listStreams(this.client, sessionId, options);
  }

  setStreamClassLists(sessionId: string, items: readonly sessions.StreamClassList[], options?: CallOptions): Promise<void> {
    return sessions.setStreamClassLists(this.client, sessionId, items, options);
  }

  listConnections(sessionId: string, options?: CallOptions): Promise<Page<sessions.Connection>> {
    return sessions.listConnections(this.client, sessionId, options);
  }

  /** Sends a signal to every client of a session, or to one `connectionId`. */
  signal(sessionId: string, options: sessions.SignalOptions): Promise<void> {
    return sessions.signal(this.client, sessionId, options);
  }

  // Moderation

  forceDisconnect(sessionId: string, connectionId: string, options?: CallOptions): Promise<void> {
    return moderation.forceDisconnect(this.client, sessionId, connectionId, options);
  }

  forceMuteStream(sessionId: string, streamId: string, options?: CallOptions): Promise<void> {
    return moderation.forceMuteStream(this.client, sessionId, streamId, options);
  }

  forceMuteAll(sessionId: string, options?: moderation.ForceMuteAllOptions): Promise<void> {
    return moderation.forceMuteAll(this.client, sessionId, options);
  }

  disableForceMute(sessionId: string, options?: CallOptions): Promise<void> {
    return moderation.disableForceMute(this.client, sessionId, options);
  }

  // SIP and Audio Connector

  dial(sessionId: string, options: sip.DialOptions): Promise<sip.SipCall> {
    return sip.dial(this.client, sessionId, options);
  }

  playDTMF(sessionId: string, digits: string, options?: sip.PlayDtmfOptions): Promise<void> {
    return sip.playDTMF(this.client, sessionId, digits, options);
  }

  websocketConnect(sessionId: string, options: sip.WebsocketConnectOptions): Promise<sip.AudioConnection> {
    return sip.websocketConnect(this.client, sessionId, options);
  }

  websocketDisconnect(connectorId: string, options?: CallOptions): Promise<void> {
    return sip.websocketDisconnect(this.client, connectorId, options);
  }

  // Live captions

  startCaptions(sessionId: string, options: captions.StartCaptionsOptions): Promise<{ captionsId: string }> {
    return captions.startCaptions(this.client, sessionId, options);
  }

  stopCaptions(captionsId: string, options?: CallOptions): Promise<void> {
    return captions.stopCaptions(this.client, captionsId, options);
  }

  getCaptions(captionsId: string, options?: CallOptions): Promise<captions.Captions> {
    return captions.getCaptions(this.client, captionsId, options);
  }

  // Experience Composer

  startRender(sessionId: string, options: renders.StartRenderOptions): Promise<renders.Render> {
    return renders.startRender(this.client, sessionId, options);
  }

  getRender(renderId: string, options?: CallOptions): Promise<renders.Render> {
    return renders.getRender(this.client, renderId, options);
  }

  stopRender(renderId: string, options?: CallOptions): Promise<void> {
    return renders.stopRender(this.client, renderId, options);
  }

  listRenders(options?: renders.ListRendersOptions): Promise<Page<renders.Render>> {
    return renders.listRenders(this.client, options);
  }

  iterateRenders(options?: IterateOptions & CallOptions): AsyncGenerator<renders.Render, void, undefined> {
    return renders.iterateRenders(this.client, options);
  }
}
