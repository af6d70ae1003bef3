import { VideoValidationError } from '@video/auth';
import type { VideoClient } from './client.js';

const MAX_SEGMENT = 512;

/**
 * Checks a caller-supplied value used as one URL path segment (an archive ID, a session ID …) and
 * percent-encodes it, so that no input can point a request at another route.
 */
export function pathSegment(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new VideoValidationError(field, 'must be a non-empty string');
  }
  if (value.length > MAX_SEGMENT) throw new VideoValidationError(field, `must be at most ${MAX_SEGMENT} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[/\\?#\u0000-\u001f\u007f]/.test(value) || value.includes('..')) {
    throw new VideoValidationError(field, 'must not contain "/", "\\", "?", "#", "..", or control characters');
  }
  // "." is a dot-segment: URL parsers (fetch, undici) drop it, so `archive/./stop` would reach
  // `archive/stop`. Percent-encoding does not help, as `%2E` is a dot-segment too.
  if (value === '.') throw new VideoValidationError(field, 'must not be "."');
  try {
    return encodeURIComponent(value);
  } catch {
    throw new VideoValidationError(field, 'is not valid Unicode text');
  }
}

/**
 * Checks an ID that goes into a JSON body (a session ID in `dial`, `startRender` …) by the rules of
 * a path segment: real IDs never contain `/`, `?`, `#` or `..`, so such a value is a caller's mistake.
 */
export function checkId(value: unknown, field: string): string {
  pathSegment(value, field);
  return value as string;
}

/**
 * Checks that `client` is what `createClient` returns, so that an operation called without one
 * (`startArchive(undefined, …)`, a plain object, the `Video` instance itself) fails with a
 * `VideoValidationError` on `client` rather than a `TypeError` from deep inside.
 */
export function checkClient(client: unknown): asserts client is VideoClient {
  const c = client as Partial<VideoClient> | null | undefined;
  if (typeof c === 'object' && c !== null && typeof c.request === 'function' && typeof c.projectKey === 'string') return;
  const inner = (c as { client?: unknown } | null | undefined)?.client;
  if (typeof inner === 'object' && inner !== null && typeof (inner as Partial<VideoClient>).request === 'function') {
    throw new VideoValidationError('client', 'is a Video object: pass its `client` property (video.client), or call the method on it');
  }
  const got = c === null ? 'null' : typeof c === 'object' ? 'an object without request()' : typeof c;
  throw new VideoValidationError('client', `must be a client made by createClient(credentials), got ${got}`);
}

/**
 * `/v2/project/{key}/…` for this client's project; `parts` must already be checked segments.
 * Checks the client first (see {@link checkClient}).
 */
export function projectPath(client: Pick<VideoClient, 'projectKey'>, ...parts: string[]): string {
  checkClient(client);
  return `/v2/project/${encodeURIComponent(client.projectKey)}/${parts.join('/')}`;
}

/**
 * A path outside `/v2/project/{key}` (`hostPath(client, 'session', 'create')` is
 * `/session/create`), after checking the client as {@link projectPath} does.
 */
export function hostPath(client: Pick<VideoClient, 'projectKey'>, ...parts: string[]): string {
  checkClient(client);
  return `/${parts.join('/')}`;
}
