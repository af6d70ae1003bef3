/**
 * The webhooks adapter for Node's http server and Express.
 *
 * @module @video/webhooks/node
 */
export * from '../../packages/webhooks/src/node.js';
