// Credentials from environment variables: the zero-config start. Nothing here runs unless called,
// and a key file is read through `process.getBuiltinModule('node:fs')` (never imported), so the
// main entry stays free of `node:` modules and bundles for Workers and browsers as before.
import { isVideoError, VideoValidationError } from '@video/auth';
import { createClient, type ClientCredentials, type ClientOptions, type VideoClient } from './client.js';

/** The environment variables read by {@link createClientFromEnv} and `Video.fromEnv`. */
export const ENV_VARIABLES = [
  'VIDEO_APPLICATION_ID',
  'VIDEO_PRIVATE_KEY',
  'VIDEO_PRIVATE_KEY_PATH',
  'VIDEO_API_KEY',
  'VIDEO_API_SECRET',
  'VIDEO_BASE_URL',
] as const;

/** An environment: variable names to values, such as `process.env` or a Workers `env`. */
export type Env = Record<string, string | undefined>;

/**
 * Options of {@link createClientFromEnv}: the client options, and `env`, the variables to read
 * (default `process.env` where there is one, else none: on Deno or Workers pass it, e.g.
 * `{ env: Deno.env.toObject() }` or the Workers `env`).
 */
export type FromEnvOptions = ClientOptions & {
  /** Where to read the `VIDEO_*` variables. Default `process.env` (an empty one without `process`). */
  env?: Env;
};

type Name = (typeof ENV_VARIABLES)[number];

const HOW =
  'set VIDEO_APPLICATION_ID with VIDEO_PRIVATE_KEY (the PEM text) or VIDEO_PRIVATE_KEY_PATH (its file), ' +
  'or VIDEO_API_KEY with VIDEO_API_SECRET';

/** Where a credentials field's error points when it came from a variable. */
const FIELD_TO_VARIABLE: Record<string, Name> = {
  applicationId: 'VIDEO_APPLICATION_ID',
  apiKey: 'VIDEO_API_KEY',
  apiSecret: 'VIDEO_API_SECRET',
  baseUrl: 'VIDEO_BASE_URL',
};

function defaultEnv(): Env {
  return (globalThis as { process?: { env?: Env } }).process?.env ?? {};
}

/** A variable's value, trimmed; an empty one counts as unset (as `VIDEO_API_KEY=` in a .env file). */
function reader(env: Env): (name: Name) => string | undefined {
  return (name) => {
    if (!Object.hasOwn(env, name)) return undefined;
    const value = env[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new VideoValidationError(name, `must be a string, got ${typeof value}`);
    return value.trim() === '' ? undefined : value;
  };
}

function readKeyFile(path: string): Uint8Array {
  type Fs = { readFileSync(path: string): Uint8Array };
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs') as Fs | undefined;
  if (!fs) {
    throw new VideoValidationError(
      'VIDEO_PRIVATE_KEY_PATH',
      'cannot be read on this runtime (no node:fs); set VIDEO_PRIVATE_KEY to the PEM text instead',
    );
  }
  try {
    return fs.readFileSync(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new VideoValidationError('VIDEO_PRIVATE_KEY_PATH', `cannot read the file ${JSON.stringify(path)}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
}

/**
 * Reads credentials and the base URL from `VIDEO_*` variables: `VIDEO_APPLICATION_ID` with
 * `VIDEO_PRIVATE_KEY` or `VIDEO_PRIVATE_KEY_PATH` (Vonage), or `VIDEO_API_KEY` with
 * `VIDEO_API_SECRET` (OpenTok), and optionally `VIDEO_BASE_URL`. Throws a `VideoValidationError`
 * naming the variable that is missing, conflicting or invalid; never a value.
 */
export function credentialsFromEnv(env: Env = defaultEnv()): ClientCredentials {
  if (typeof env !== 'object' || env === null) {
    throw new VideoValidationError('env', 'must be an object of environment variables, such as process.env');
  }
  const read = reader(env);
  const vonage = (['VIDEO_APPLICATION_ID', 'VIDEO_PRIVATE_KEY', 'VIDEO_PRIVATE_KEY_PATH'] as const).filter((n) => read(n) !== undefined);
  const opentok = (['VIDEO_API_KEY', 'VIDEO_API_SECRET'] as const).filter((n) => read(n) !== undefined);
  if (vonage.length && opentok.length) {
    throw new VideoValidationError(
      'env',
      `${vonage[0]} and ${opentok[0]} are both set: give Vonage credentials (VIDEO_APPLICATION_ID, VIDEO_PRIVATE_KEY) or OpenTok ones (VIDEO_API_KEY, VIDEO_API_SECRET), not both`,
    );
  }
  const baseUrl = read('VIDEO_BASE_URL')?.trim();
  const withBase = <T extends object>(credentials: T): T & { baseUrl?: string } => (baseUrl === undefined ? credentials : { ...credentials, baseUrl });
  if (vonage.length) {
    const applicationId = read('VIDEO_APPLICATION_ID')?.trim();
    const pem = read('VIDEO_PRIVATE_KEY');
    const path = read('VIDEO_PRIVATE_KEY_PATH');
    if (pem !== undefined && path !== undefined) {
      throw new VideoValidationError('VIDEO_PRIVATE_KEY_PATH', 'cannot be combined with VIDEO_PRIVATE_KEY: set one of them');
    }
    if (applicationId === undefined) {
      throw new VideoValidationError('VIDEO_APPLICATION_ID', `is not set, but ${vonage[0]} is: set it to the application ID`);
    }
    if (pem === undefined && path === undefined) {
      throw new VideoValidationError(
        'VIDEO_PRIVATE_KEY',
        'is not set, nor VIDEO_PRIVATE_KEY_PATH: VIDEO_APPLICATION_ID needs the private key (its PEM text, or the path of its file)',
      );
    }
    return withBase({ applicationId, privateKey: path === undefined ? pem! : readKeyFile(path.trim()) });
  }
  if (opentok.length) {
    const apiKey = read('VIDEO_API_KEY')?.trim();
    const apiSecret = read('VIDEO_API_SECRET')?.trim();
    if (apiKey === undefined) throw new VideoValidationError('VIDEO_API_KEY', 'is not set, but VIDEO_API_SECRET is: set it to the project API key');
    if (apiSecret === undefined) throw new VideoValidationError('VIDEO_API_SECRET', 'is not set, but VIDEO_API_KEY is: set it to the project API secret');
    return withBase({ apiKey, apiSecret });
  }
  throw new VideoValidationError('env', `has no video credentials: ${HOW}`);
}

/**
 * A `VideoValidationError` about a credentials field, renamed after the variable it came from, with
 * advice that fits variables (a path in `VIDEO_PRIVATE_KEY` belongs in `VIDEO_PRIVATE_KEY_PATH`).
 */
function renamed(error: unknown, keyVariable: Name): unknown {
  if (!isVideoError(error, 'validation_error')) return error;
  const { field, message } = error as VideoValidationError;
  const variable = field === 'privateKey' ? keyVariable : FIELD_TO_VARIABLE[field];
  if (!variable) return error;
  let reason = message.slice(`Invalid ${field}: `.length);
  if (field === 'privateKey' && /file path/.test(reason)) {
    reason = 'looks like a file path: set VIDEO_PRIVATE_KEY_PATH to the path instead, or VIDEO_PRIVATE_KEY to the PEM text';
  } else if (variable === 'VIDEO_PRIVATE_KEY_PATH' && /DER/.test(reason)) {
    reason = 'names a file that holds no private key: expected PEM text ("-----BEGIN PRIVATE KEY-----" …) or DER bytes';
  }
  return new VideoValidationError(variable, reason);
}

/**
 * Splits `env` from the client options and builds the client from the variables. Shared by
 * {@link createClientFromEnv} and `Video.fromEnv`.
 */
export function clientFromEnv(options: FromEnvOptions | undefined, build: (credentials: ClientCredentials, options: ClientOptions) => VideoClient): VideoClient {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new VideoValidationError('options', 'must be an object');
  }
  const { env, ...clientOptions } = (options ?? {}) as FromEnvOptions;
  const source = env === undefined ? defaultEnv() : env;
  const credentials = credentialsFromEnv(source);
  const keyVariable: Name = reader(source)('VIDEO_PRIVATE_KEY_PATH') !== undefined ? 'VIDEO_PRIVATE_KEY_PATH' : 'VIDEO_PRIVATE_KEY';
  try {
    return build(credentials, clientOptions);
  } catch (error) {
    throw renamed(error, keyVariable);
  }
}

/**
 * Creates the client from environment variables, with no configuration in code:
 *
 * - `VIDEO_APPLICATION_ID` and `VIDEO_PRIVATE_KEY` (the PEM text; the one-line form with `\n`
 *   escapes works too) or `VIDEO_PRIVATE_KEY_PATH` (the key file, read once, now; Node, Bun and
 *   Deno only: on Workers put the key itself in `VIDEO_PRIVATE_KEY`), for Vonage credentials;
 * - or `VIDEO_API_KEY` and `VIDEO_API_SECRET`, for OpenTok credentials;
 * - optionally `VIDEO_BASE_URL`, the API host (e.g. the emulator's URL).
 *
 * Synchronous. `options.env` defaults to `process.env`; on Deno or Workers pass it
 * (`createClientFromEnv({ env })`). The other options are those of {@link createClient}.
 *
 * Errors: `VideoValidationError` naming the variable that is missing (`VIDEO_PRIVATE_KEY` when only
 * `VIDEO_APPLICATION_ID` is set), conflicting (both kinds of credentials, or both the key and its
 * path) or invalid (`VIDEO_APPLICATION_ID` not a UUID, an unreadable key file, a bad
 * `VIDEO_BASE_URL`), or `env` when none is set. No message contains a secret.
 */
export function createClientFromEnv(options?: FromEnvOptions): VideoClient {
  return clientFromEnv(options, createClient);
}
