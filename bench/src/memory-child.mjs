// One memory measurement: loads one contender, makes COUNT getArchive calls (32 at a time) against
// the canned server, and prints its peak RSS. Plain JavaScript run by plain `node`, so no TypeScript
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
process.stdout.write(JSON.stringify({ maxRss: usage.maxRSS * 1024, heapUsed: process.memoryUsage().heapUsed }));
