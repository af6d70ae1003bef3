#!/usr/bin/env node
// `npm run emulator -- [--port N] [--host H]`: runs the built emulator CLI in the foreground.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const cli = new URL('../packages/emulator/dist/cli.js', import.meta.url).pathname;
if (!existsSync(cli)) {
  console.error('The emulator is not built yet: run `npm run setup` first.');
  process.exit(1);
}
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 0);
