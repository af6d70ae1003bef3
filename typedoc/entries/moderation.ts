/**
 * Force disconnect, force mute of one stream or all, and disabling force mute.
 *
 * @module @video/moderation
 */
export * from '../../packages/moderation/src/index.js';
