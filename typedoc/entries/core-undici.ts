/**
 * A Node-only transport over undici: keep-alive pools, connection caps, proxies and TLS settings.
 *
 * @module @video/core/undici
 */
export * from '../../packages/core/src/undici/index.js';
