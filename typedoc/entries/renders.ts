/**
 * Experience Composer renders.
 *
 * @module @video/renders
 */
export * from '../../packages/renders/src/index.js';
