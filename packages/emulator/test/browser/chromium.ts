// Finds Debian's `chromium` for the browser tests, installing it with apt when it is missing and
// this process may do so (root, apt-get present). Otherwise it throws with the command to run:
// the browser tests never skip.
import { execFile, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const CHROMIUM_PATH = '/usr/bin/chromium';
const INSTALL = 'apt-get update && apt-get install -y chromium';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function hasAptGet(): boolean {
  return spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * The path of a runnable Chromium. May take minutes on a clean machine (the apt install), so the
 * hook calling it needs a long timeout.
 */
export async function ensureChromium(): Promise<string> {
  if (executable(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !hasAptGet()) {
    throw new Error(
      `The emulator's browser tests need Debian's chromium at ${CHROMIUM_PATH}, which is missing, and this ` +
        `process cannot install it (${isRoot ? 'apt-get not found' : 'not running as root'}). Install it with:\n  sudo sh -c '${INSTALL}'`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    // Asynchronously: the install can take minutes, and the test worker must stay responsive.
    // Without the recommended extras (udev, printing, notifications), but with a font for the screenshots.
    await run('apt-get', ['update'], { env, maxBuffer: 64 * 1024 * 1024 });
    await run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-liberation'], { env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').slice(-2000);
    throw new Error(`Installing chromium with apt failed; run it by hand:\n  ${INSTALL}\n${stderr}`);
  }
  if (!executable(CHROMIUM_PATH)) throw new Error(`apt installed chromium but ${CHROMIUM_PATH} is missing; run: ${INSTALL}`);
  return CHROMIUM_PATH;
}
