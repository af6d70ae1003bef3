/**
 * Live captions.
 *
 * @module @video/captions
 */
export * from '../../packages/captions/src/index.js';
