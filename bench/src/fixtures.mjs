// Credentials and IDs shared by every section and child process. The RSA key is made once by the
// main process and handed to children through the environment, so every SDK signs with the same key.
import { generateKeyPairSync, randomUUID } from 'node:crypto';

if (!process.env.BENCH_PRIVATE_KEY) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  process.env.BENCH_PRIVATE_KEY = /** @type {string} */ (privateKey.export({ type: 'pkcs8', format: 'pem' }));
  process.env.BENCH_APPLICATION_ID = randomUUID();
}

export const PRIVATE_KEY = /** @type {string} */ (process.env.BENCH_PRIVATE_KEY);
export const APPLICATION_ID = /** @type {string} */ (process.env.BENCH_APPLICATION_ID);
export const API_KEY = '47123456';
export const API_SECRET = '0123456789abcdef0123456789abcdef01234567';
export const ARCHIVE_ID = 'b40ef09b-3811-4726-b508-e41a0f96c68f';

/** A session ID in the real format: `1_` + base64url of `1~{key}~~{create time}~{random}~`. */
export const sessionIdFor = (/** @type {string} */ key) =>
  `1_${Buffer.from(`1~${key}~~Sat Mar 15 14:42:23 PDT 2014~0.49013025~`).toString('base64url')}`;
export const VONAGE_SESSION = sessionIdFor(APPLICATION_ID);
export const OPENTOK_SESSION = sessionIdFor(API_KEY);
