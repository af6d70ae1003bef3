/**
 * Credentials, REST-auth JWTs, client tokens (JWT and legacy T1) and session-ID decoding; no HTTP, runs on any runtime.
 *
 * @module @video/auth
 */
export * from '../../packages/auth/src/index.js';
