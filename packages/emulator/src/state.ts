import type { ClientRole, ClientTokenFormat, DtmfLogEntry, SignalLogEntry } from './control-types.js';
import { badRequest, notFound } from './errors.js';
import { decodeSessionId, uuid } from './ids.js';
import type { Project } from './projects.js';
import type { Archive } from './routes/archives.js';
import type { AudioConnector } from './routes/audio-connector.js';
import type { Broadcast } from './routes/broadcasts.js';
import type { ProjectCallback } from './routes/callbacks.js';
import type { Captions } from './routes/captions.js';
import type { Render } from './routes/renders.js';
import type { SipCall } from './routes/sip.js';
import type { CallbackDispatcher } from './callbacks/delivery.js';
import type { Timers } from './timers.js';

/** Timings and limits, resolved from the emulator options. */
export interface Settings {
  archiveProcessingMs: number;
  broadcastStartMs: number;
  renderStartMs: number;
  idleTimeoutMs: number;
  maxBodyBytes: number;
  requestLogLimit: number;
  /** How long after a session's creation or last migration another migration is refused (15215). */
  migrationWindowMs: number;
  /** How long a session migration runs (a repeat meanwhile is refused with 15214). */
  migrationDurationMs: number;
}

export interface Connection {
  id: string;
  sessionId: string;
  role: ClientRole;
  data: string;
  kind: 'client' | 'sip' | 'websocket' | 'render';
  tokenFormat: ClientTokenFormat;
  layoutClassList: string[];
  createdAt: number;
}

export interface Stream {
  id: string;
  connectionId: string;
  videoType: 'camera' | 'screen' | 'custom';
  name: string;
  hasAudio: boolean;
  hasVideo: boolean;
  audioMuted: boolean;
  layoutClassList: string[];
  createdAt: number;
}

export interface Session {
  id: string;
  project: Project;
  mediaMode: 'routed' | 'relayed';
  archiveMode: 'manual' | 'always';
  e2ee: boolean;
  location: string | undefined;
  archiveName: string | undefined;
  archiveResolution: string | undefined;
  createdAt: number;
  connections: Map<string, Connection>;
  streams: Map<string, Stream>;
  forceMute: { active: boolean; excluded: Set<string> };
  /** Pending per-family timers (e.g. "stop 60 s after the last client left"), by family name. */
  timers: Map<string, NodeJS.Timeout>;
  /** Session migration (routes/migration.ts). */
  migration: SessionMigration;
}

/** Where a session stands with migrations. */
export interface SessionMigration {
  /** A migration is in progress. */
  migrating: boolean;
  /** When the current or last migration started. */
  startedAt: number | undefined;
  /** When the last migration completed. */
  migratedAt: number | undefined;
  /** Migrations completed. */
  count: number;
}

/** Why a connection or stream went (the `reason` of its destroyed callback). */
export type DestroyReason = 'clientDisconnected' | 'forceDisconnected' | 'forceUnpublished' | 'mediaStopped' | 'networkDisconnected';

interface Events {
  connectionCreated: [Session, Connection];
  connectionDestroyed: [Session, Connection, DestroyReason];
  streamCreated: [Session, Stream];
  streamDestroyed: [Session, Stream, DestroyReason];
  /** A migration completed: each family ends what does not survive one. */
  sessionMigrated: [Session];
}

type Listener<E extends keyof Events> = (...args: Events[E]) => void;

const LOG_LIMIT = 5000;

/**
 * The emulated service's memory: sessions with their connections and streams, every resource
 * family, and the signal and DTMF logs. Families react to connections and streams coming and going
 * through `on(...)`, so archive rules live with archives, broadcast rules with broadcasts.
 */
export class State {
  readonly sessions = new Map<string, Session>();
  readonly archives = new Map<string, Archive>();
  readonly broadcasts = new Map<string, Broadcast>();
  readonly sipCalls = new Map<string, SipCall>();
  readonly audioConnectors = new Map<string, AudioConnector>();
  readonly renders = new Map<string, Render>();
  readonly captions = new Map<string, Captions>();
  readonly callbacks = new Map<string, ProjectCallback>();
  readonly signals: SignalLogEntry[] = [];
  readonly dtmf: DtmfLogEntry[] = [];
  /** The emulator's own URL, once it listens (archive and HLS URLs point at it). */
  baseUrl = '';
  /** Sends the callbacks of what happens here (none when absent). */
  dispatcher: CallbackDispatcher | undefined;
  private seq = 0;
  private readonly listeners: { [E in keyof Events]: Listener<E>[] } = {
    connectionCreated: [],
    connectionDestroyed: [],
    streamCreated: [],
    streamDestroyed: [],
    sessionMigrated: [],
  };

  constructor(
    readonly projects: readonly Project[],
    readonly settings: Settings,
    readonly timers: Timers,
  ) {}

  /** An increasing number that orders resources by creation (lists are newest first). */
  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  on<E extends keyof Events>(event: E, listener: Listener<E>): void {
    this.listeners[event].push(listener);
  }

  private emit<E extends keyof Events>(event: E, ...args: Events[E]): void {
    for (const listener of this.listeners[event]) listener(...args);
  }

  /** The session `sessionId` of `project`: 400 when the text is no session ID, 404 when unknown. */
  session(project: Project, sessionId: string): Session {
    if (!decodeSessionId(sessionId)) throw badRequest(`Invalid session ID: ${JSON.stringify(sessionId.slice(0, 300))}`);
    const session = this.sessions.get(sessionId);
    if (!session || session.project !== project) throw notFound('Session not found');
    return session;
  }

  connection(session: Session, connectionId: string): Connection {
    const connection = session.connections.get(connectionId);
    if (!connection) throw notFound('Connection not found: the client is not connected to the session');
    return connection;
  }

  stream(session: Session, streamId: string): Stream {
    const stream = session.streams.get(streamId);
    if (!stream) throw notFound('Stream not found');
    return stream;
  }

  addConnection(session: Session, init: Omit<Connection, 'id' | 'sessionId' | 'createdAt'>): Connection {
    const connection: Connection = { id: uuid(), sessionId: session.id, createdAt: Date.now(), ...init };
    session.connections.set(connection.id, connection);
    this.emit('connectionCreated', session, connection);
    return connection;
  }

  /** Removes a connection and, first, every stream it publishes. */
  removeConnection(session: Session, connectionId: string, reason: DestroyReason = 'clientDisconnected'): void {
    const connection = session.connections.get(connectionId);
    if (!connection) return;
    for (const stream of [...session.streams.values()]) {
      if (stream.connectionId === connectionId) this.removeStream(session, stream.id, reason);
    }
    session.connections.delete(connectionId);
    this.emit('connectionDestroyed', session, connection, reason);
  }

  /** Publishes a stream; while mute-all is active it starts muted unless excluded. */
  addStream(
    session: Session,
    connection: Connection,
    init: Omit<Stream, 'id' | 'connectionId' | 'createdAt' | 'audioMuted'>,
  ): Stream {
    const id = uuid();
    const stream: Stream = {
      id,
      connectionId: connection.id,
      createdAt: Date.now(),
      audioMuted: session.forceMute.active && !session.forceMute.excluded.has(id),
      ...init,
    };
    session.streams.set(id, stream);
    this.emit('streamCreated', session, stream);
    return stream;
  }

  removeStream(session: Session, streamId: string, reason: DestroyReason = 'clientDisconnected'): void {
    const stream = session.streams.get(streamId);
    if (!stream) return;
    session.streams.delete(streamId);
    this.emit('streamDestroyed', session, stream, reason);
  }

  /** Completes a session's migration: tells every family, which ends what does not survive it. */
  completeMigration(session: Session): void {
    session.migration.migrating = false;
    session.migration.migratedAt = Date.now();
    session.migration.count += 1;
    this.emit('sessionMigrated', session);
  }

  /** Sets (or replaces) the named per-session timer. */
  setSessionTimer(session: Session, name: string, fn: () => void, ms: number): void {
    this.clearSessionTimer(session, name);
    session.timers.set(
      name,
      this.timers.set(() => {
        session.timers.delete(name);
        fn();
      }, ms),
    );
  }

  clearSessionTimer(session: Session, name: string): void {
    this.timers.clear(session.timers.get(name));
    session.timers.delete(name);
  }

  logSignal(entry: Omit<SignalLogEntry, 'seq' | 'time'>): void {
    push(this.signals, { seq: this.nextSeq(), time: new Date().toISOString(), ...entry });
  }

  logDtmf(entry: Omit<DtmfLogEntry, 'seq' | 'time'>): void {
    push(this.dtmf, { seq: this.nextSeq(), time: new Date().toISOString(), ...entry });
  }

  /** Forgets everything but the projects (and the listeners, which belong to the code). */
  reset(): void {
    this.timers.clearAll();
    for (const map of [
      this.sessions,
      this.archives,
      this.broadcasts,
      this.sipCalls,
      this.audioConnectors,
      this.renders,
      this.captions,
      this.callbacks,
    ]) {
      map.clear();
    }
    this.signals.length = 0;
    this.dtmf.length = 0;
    this.dispatcher?.reset();
  }
}

function push<T>(log: T[], entry: T): void {
  log.push(entry);
  if (log.length > LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT);
}
