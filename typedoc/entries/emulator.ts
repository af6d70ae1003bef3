/**
 * A local, stateful emulator of the Video REST API, for tests and examples (CLI and library).
 *
 * @module @video/emulator
 */
export * from '../../packages/emulator/src/index.js';
