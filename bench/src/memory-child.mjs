// One memory measurement: loads one contender, makes COUNT getArchive calls (32 at a time) against
// the canned server, and prints its peak RSS, its heap at the end, and the heap it keeps (after a
// pause and forced full GCs: run with --expose-gc). Plain JavaScript run by plain `node`, so no TypeScript
// loader sits in the process being measured.
import { makeClient } from './clients.mjs';

const [name, url, count] = process.argv.slice(2);
const total = Number(count);
if (name !== 'idle') {
  const client = await makeClient(/** @type {string} */ (name), /** @type {string} */ (url));
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      await client.getArchive();
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  await client.close();
}
const usage = process.resourceUsage();
const heapUsed = process.memoryUsage().heapUsed;
if (!globalThis.gc) throw new Error('memory-child.mjs needs --expose-gc');
// What the process keeps, not what is merely waiting to be freed: idle 1.5 s first, because
// undici sweeps cleared timers on a 1 s tick and its fetch detaches its listener from a caller's
// AbortSignal in a FinalizationRegistry callback, which runs only in a task after a GC. Without the
// wait, a client that passes a signal (ours: the timeout) shows ~1 500 signals that are already
// garbage (heap snapshot, 20 000 calls). Then two full GCs.
globalThis.gc();
await new Promise((resolve) => setTimeout(resolve, 1500));
globalThis.gc();
globalThis.gc();
process.stdout.write(JSON.stringify({ maxRss: usage.maxRSS * 1024, heapUsed, heapAfterGc: process.memoryUsage().heapUsed }));
