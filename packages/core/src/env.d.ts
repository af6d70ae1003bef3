/** Replaced at build time by the package version (see tsup.shared.ts and vitest.config.ts). */
declare const __VERSION__: string;
