/**
 * Receives the API's callbacks: verifies the signature and parses them into typed events.
 *
 * @module @video/webhooks
 */
export * from '../../packages/webhooks/src/index.js';
