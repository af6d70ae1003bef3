// One process per archive count: iterates every archive of the emulator with `iterateArchives`
// (default page size and transport), `rounds` times, and reports the best time per item and the
// process's peak RSS. Usage: node iterate-child.mjs <url> <expected count> <rounds>
import { iterateArchives } from '@video/archives';
import { createClient } from '@video/core';
import { APPLICATION_ID, PRIVATE_KEY } from './fixtures.mjs';

const [url, countText, roundsText] = process.argv.slice(2);
const expected = Number(countText);
const client = createClient({ applicationId: APPLICATION_ID, privateKey: PRIVATE_KEY, baseUrl: url });

// Warm-up: one page, so that the first round does not pay for the JIT and the REST token.
for await (const archive of iterateArchives(client, { limit: 100 })) void archive;

let best = Infinity;
for (let round = 0; round < Number(roundsText); round++) {
  let n = 0;
  const start = performance.now();
  for await (const archive of iterateArchives(client)) if (archive.id) n++;
  const elapsed = performance.now() - start;
  if (n !== expected) throw new Error(`iterated ${n} archives, expected ${expected}`);
  best = Math.min(best, elapsed / n);
}
process.stdout.write(JSON.stringify({ msPerItem: best, peakRss: process.resourceUsage().maxRSS * 1024 }));
