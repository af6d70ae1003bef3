// Bundle sizes: the same jobs written with each SDK, bundled by esbuild with the same flags for all
// (--bundle --minify --platform=node, ESM), as `pnpm size` does for ours.
import { fileURLToPath } from 'node:url';
import { measureBundle, entries as SIZE_ENTRIES } from '../../scripts/size.mjs';
import { kb, ratio, table } from './report.js';

const resolveDir = fileURLToPath(new URL('..', import.meta.url));

const OURS = '@video';
const OPENTOK = 'opentok';
const VONAGE = '@vonage/video';

/**
 * Our size budgets (`pnpm size`, scripts/size.mjs) for the jobs that have peers here: for these,
 * our row bundles the budget entry's own code, so its target and limit apply to what is measured.
 */
const BUDGETS: Record<string, string> = {
  'client token only': 'client token only (@video/auth)',
  'create a session + token': 'create a session + token (@video/sessions)',
  'the whole SDK': 'all of @video/server-sdk',
};
const budget = (job: string) => {
  const entry = SIZE_ENTRIES.find((e) => e.name === BUDGETS[job]);
  if (!entry) throw new Error(`scripts/size.mjs has no entry "${BUDGETS[job]}" for the bench job "${job}"`);
  return entry;
};

/** Each job, written the way each SDK's docs show (ours: the size budget's entry). */
const JOBS: Record<string, Record<string, string>> = {
  'client token only': {
    [OURS]: `import { generateToken } from '@video/auth';
export const token = (creds, sessionId) => generateToken(creds, sessionId);`,
    [VONAGE]: `import { Video } from '@vonage/video';
export const token = (creds, sessionId) => new Video(creds).generateClientToken(sessionId);`,
    [OPENTOK]: `import OpenTok from 'opentok';
export const token = (key, secret, sessionId) => new OpenTok(key, secret).generateToken(sessionId);`,
  },
  'create a session + token': {
    [OURS]: `import { createClient } from '@video/core';
import { createSession, generateToken } from '@video/sessions';
export async function handler(creds) {
  const client = createClient(creds);
  const { sessionId } = await createSession(client, { mediaMode: 'routed' });
  return generateToken(client, sessionId);
}`,
    [VONAGE]: `import { Video } from '@vonage/video';
export async function handler(creds) {
  const video = new Video(creds);
  const { sessionId } = await video.createSession({ mediaMode: 'disabled' });
  return video.generateClientToken(sessionId);
}`,
    [OPENTOK]: `import OpenTok from 'opentok';
export function handler(key, secret) {
  const ot = new OpenTok(key, secret);
  return new Promise((resolve, reject) =>
    ot.createSession({ mediaMode: 'routed' }, (err, session) => (err ? reject(err) : resolve(ot.generateToken(session.sessionId)))));
}`,
  },
  'the whole SDK': {
    [OURS]: `export * from '@video/server-sdk';`,
    [VONAGE]: `export * from '@vonage/video';`,
    [OPENTOK]: `export { default } from 'opentok';`,
  },
};

for (const [job, bySdk] of Object.entries(JOBS)) bySdk[OURS] = budget(job).code;

export interface BundleResult {
  job: string;
  sdk: string;
  bytes: number;
  gzip: number;
  /** Our budget from scripts/size.mjs (min bytes): the size aimed for, and the one not to exceed. */
  target?: number;
  limit?: number;
}

export async function runBundles(): Promise<BundleResult[]> {
  const results: BundleResult[] = [];
  for (const [job, bySdk] of Object.entries(JOBS)) {
    for (const [sdk, contents] of Object.entries(bySdk)) {
      const { bytes, gzip } = await measureBundle(contents, resolveDir);
      const own = sdk === OURS ? budget(job) : undefined;
      results.push({ job, sdk, bytes, gzip, target: own?.target, limit: own?.limit });
    }
  }
  return results;
}

export function bundlesTable(results: BundleResult[]): string {
  const get = (job: string, sdk: string) => results.find((r) => r.job === job && r.sdk === sdk)?.bytes;
  return table(
    ['job', 'SDK', 'min KB', 'gzip KB', '÷ @vonage/video', '÷ opentok', '÷ floor', 'our target KB', '', 'our limit KB', ''],
    results.map((r) => [
      r.job,
      r.sdk,
      kb(r.bytes),
      kb(r.gzip),
      ratio(r.bytes, get(r.job, VONAGE)),
      ratio(r.bytes, get(r.job, OPENTOK)),
      'n/a',
      r.target === undefined ? '' : kb(r.target),
      r.target === undefined ? '' : r.bytes <= r.target ? 'met' : `missed by ${kb(r.bytes - r.target)} KB`,
      r.limit === undefined ? '' : kb(r.limit),
      r.limit === undefined ? '' : r.bytes <= r.limit ? 'ok' : 'OVER',
    ]),
  );
}

export { OURS as BUNDLE_OURS, VONAGE as BUNDLE_VONAGE };
