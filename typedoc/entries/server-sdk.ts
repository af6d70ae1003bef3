/**
 * The umbrella package: the `Video` class, and every function and type of the per-feature packages.
 *
 * @module @video/server-sdk
 */
export * from '../../packages/server-sdk/src/index.js';
