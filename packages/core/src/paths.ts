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

/** `/v2/project/{key}/…` for this client's project; `parts` must already be checked segments. */
export function projectPath(client: Pick<VideoClient, 'projectKey'>, ...parts: string[]): string {
  return `/v2/project/${encodeURIComponent(client.projectKey)}/${parts.join('/')}`;
}
