/**
 * Verifies a client token as the Video API does when a client connects.
 *
 * @module @video/auth/verify
 */
export * from '../../packages/auth/src/verify.js';
