/**
 * Sessions, client tokens, streams, stream class lists, connections and signals.
 *
 * @module @video/sessions
 */
export * from '../../packages/sessions/src/index.js';
