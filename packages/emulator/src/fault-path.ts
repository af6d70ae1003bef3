import { badRequest } from './errors.js';
import { describeValue } from './validation.js';

/** Tells whether a raw request path (still percent-encoded, no query) is one a fault applies to. */
export type PathMatcher = (path: string) => boolean;

/** Longest fault `path` accepted: a matching step costs at most this many states per character. */
export const MAX_FAULT_PATH_LENGTH = 512;

const FORMAT =
  'a literal path ("/session/create" matches exactly that path), a literal prefix ending in "/" ' +
  '("/v2/project/1234/archive/" matches every path below it), a glob ("*" matches within one ' +
  'path segment, "**" across segments: "**/archive", "/v2/project/*/archive/*/stop"), or a literal ' +
  'anchored like a regular expression ("/archive$" ends with /archive, "^/v2/" starts with /v2/)';

/** Every REST path starts with one of these: `/v2/project/{key}/…`, or is session creation. */
const API_ROOTS = ['/v2/project/', '/session/create'];

/**
 * Regular-expression syntax that a path cannot hold. `?` and `#` never reach a path (they start
 * the query and the fragment), and a `path` is no longer a regular expression: such a value is
 * almost certainly an old spec, and matching it literally would silently never fire.
 */
function looksLikeRegex(path: string): boolean {
  return path.startsWith('^') || path.endsWith('$') || /[\\()[\]{}|?]|\.[*+?]/.test(path);
}

const STAR = -1;
const GLOBSTAR = -2;
const SLASH = 0x2f;

/**
 * A glob matched against the whole path by simulating its automaton: every character of the path
 * moves a set of at most `pattern.length + 1` states, so the cost is linear in the path's length
 * for a given pattern and no input can make it backtrack.
 */
function globMatcher(pattern: string): PathMatcher {
  const tokens: number[] = [];
  for (let i = 0; i < pattern.length; ) {
    if (pattern[i] === '*') {
      let j = i;
      while (pattern[j] === '*') j += 1;
      tokens.push(j - i >= 2 ? GLOBSTAR : STAR);
      i = j;
    } else {
      tokens.push(pattern.charCodeAt(i));
      i += 1;
    }
  }
  const end = tokens.length;
  return (path) => {
    // States are pattern positions; `seen` stamps the ones already in the set being built.
    const seen = new Uint32Array(end + 1);
    let current = new Int32Array(end + 1);
    let next = new Int32Array(end + 1);
    // Each state enters a set once and pushes at most two successors.
    const pending = new Int32Array(2 * (end + 1) + 1);
    let generation = 1;
    let size = 0;
    const reach = (into: Int32Array, count: number, start: number): number => {
      let top = 0;
      pending[top++] = start;
      while (top > 0) {
        const state = pending[--top]!;
        if (seen[state] === generation) continue;
        seen[state] = generation;
        into[count++] = state;
        const token = tokens[state];
        if (token === STAR || token === GLOBSTAR) {
          pending[top++] = state + 1;
          // `/**/` also matches a single `/`, so `/v2/**/archive` matches `/v2/archive`.
          if (token === GLOBSTAR && tokens[state - 1] === SLASH && tokens[state + 1] === SLASH) pending[top++] = state + 2;
        }
      }
      return count;
    };
    size = reach(current, 0, 0);
    for (let i = 0; i < path.length && size > 0; i += 1) {
      const char = path.charCodeAt(i);
      generation += 1;
      let nextSize = 0;
      for (let k = 0; k < size; k += 1) {
        const state = current[k]!;
        const token = tokens[state];
        if (token === GLOBSTAR || (token === STAR && char !== SLASH)) nextSize = reach(next, nextSize, state);
        else if (token === char) nextSize = reach(next, nextSize, state + 1);
      }
      [current, next] = [next, current];
      size = nextSize;
    }
    for (let k = 0; k < size; k += 1) if (current[k] === end) return true;
    return false;
  };
}

/**
 * Rejects a path that starts with `/` but can match no API path (an old unanchored regex such as
 * `/connection/`, which used to match anywhere): such a fault would silently never fire.
 */
function checkReachable(path: string, lead: string): void {
  if (API_ROOTS.some((root) => root.startsWith(lead) || lead.startsWith(root))) return;
  const base = lead.replace(/\/$/, '');
  throw badRequest(
    `"path" ${describeValue(path)} can match no API path: every path starts with /v2/project/{key}/ or is ` +
      `/session/create. To match it anywhere, use a glob: "**${base}" (paths ending so) or "**${base}/**" (paths below it)`,
  );
}

/**
 * The compatibility form of the old regular-expression paths that were anchored literals:
 * `^literal$` (exact), `^literal` (prefix) and `literal$` (suffix). Matched with plain string
 * comparisons, never a regular expression. Undefined when `path` is not of that form.
 */
function anchoredLiteral(path: string): PathMatcher | undefined {
  const start = path.startsWith('^');
  const end = path.endsWith('$') && path.length > (start ? 1 : 0);
  if (!start && !end) return undefined;
  const literal = path.slice(start ? 1 : 0, end ? -1 : undefined);
  if (literal === '' || literal.includes('*') || looksLikeRegex(literal)) return undefined;
  if (start) checkReachable(path, literal);
  if (start && end) return (candidate) => candidate === literal;
  if (start) return (candidate) => candidate.startsWith(literal);
  return (candidate) => candidate.endsWith(literal);
}

/**
 * Checks a fault's `path` and turns it into a matcher (400 when it is not one of the accepted
 * forms): a literal path matches exactly, a literal ending in `/` matches every path that starts
 * with it, a path with `*` is a glob over the whole path, and an anchored literal (`^/v2/…`,
 * `…/archive$`) matches by prefix or suffix. Absent means every path.
 */
export function compileFaultPath(path: unknown): PathMatcher | undefined {
  if (path === undefined) return undefined;
  if (typeof path !== 'string') throw badRequest(`"path" must be a string: ${FORMAT}`);
  if (path.length > MAX_FAULT_PATH_LENGTH) throw badRequest(`"path" must be at most ${MAX_FAULT_PATH_LENGTH} characters long`);
  const anchored = anchoredLiteral(path);
  if (anchored) return anchored;
  if (looksLikeRegex(path)) {
    throw badRequest(
      `"path" ${describeValue(path)} looks like a regular expression; fault paths are no longer regular expressions. ` +
        `Give ${FORMAT}`,
    );
  }
  if (!path.startsWith('/') && !path.startsWith('**')) throw badRequest(`"path" must start with "/" or "**": ${FORMAT}`);
  if (path.startsWith('/')) checkReachable(path, path.split('*')[0]!);
  if (path.includes('*')) return globMatcher(path);
  if (path.endsWith('/')) return (candidate) => candidate.startsWith(path);
  return (candidate) => candidate === path;
}
