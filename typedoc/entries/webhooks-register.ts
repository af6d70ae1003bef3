/**
 * The legacy project-callback endpoints: registerCallback, listCallbacks, unregisterCallback.
 *
 * @module @video/webhooks/register
 */
export * from '../../packages/webhooks/src/register.js';
