/**
 * Live-streaming broadcasts (HLS and RTMP): start, stop, get, list, layout and stream selection.
 *
 * @module @video/broadcasts
 */
export * from '../../packages/broadcasts/src/index.js';
