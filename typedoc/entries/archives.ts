/**
 * Archives: start, stop, get, list, delete, layout and stream selection.
 *
 * @module @video/archives
 */
export * from '../../packages/archives/src/index.js';
