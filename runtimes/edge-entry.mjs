// Entry point of the serverless bundle: esbuild bundles this file for the web platform (no
// `node:` module can be in it) and edge-host.mjs evaluates the bundle in Vercel's EdgeRuntime
// sandbox, then calls `__videoSmoke(config)`.
import { smoke } from './smoke.mjs';

globalThis.__videoSmoke = smoke;
