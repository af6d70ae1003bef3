/**
 * The client every operation takes first (`createClient`, `createClientFromEnv`), its options, errors and transports.
 *
 * @module @video/core
 */
export * from '../../packages/core/src/index.js';
