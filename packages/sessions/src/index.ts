export { createSession, type ArchiveMode, type CreateSessionOptions, type MediaMode, type Session } from './create-session.js';
export { generateToken } from './token.js';
export { getStream, listStreams, setStreamClassLists, type Stream, type StreamClassList, type VideoType } from './streams.js';
export { listConnections, type Connection, type ConnectionList, type ConnectionState } from './connections.js';
export { migrateSession } from './migrate-session.js';
export { signal, MAX_SIGNAL_DATA_BYTES, MAX_SIGNAL_TYPE_BYTES, type SignalOptions } from './signal.js';
export type { TokenOptions, TokenRole } from '@video/auth';
export type { CallOptions, Page, Resolution } from '@video/core';
