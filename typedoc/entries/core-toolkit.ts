/**
 * Helpers the operation packages are built from (option schemas, paths, response readers). For package authors; applications use `@video/core`.
 *
 * @module @video/core/toolkit
 */
export * from '../../packages/core/src/toolkit.js';
