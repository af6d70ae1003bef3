/** An answer to send: status, headers and an already-encoded body. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

export function emptyReply(status: number): Reply {
  return { status };
}

/** One route: method, path template with `:name` parameters, and what answers it. */
export interface Route<C> {
  method: string;
  path: string;
  handle: (ctx: C) => Reply | Promise<Reply>;
}

interface RouteShape {
  method: string;
  path: string;
}

/** The outcome of matching a request path. */
export type RouteMatch<R> =
  | { kind: 'found'; route: R; params: Record<string, string> }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'not-found' };

/** Splits a raw path into decoded segments. One trailing slash is ignored (`/broadcast/`). */
export function pathSegments(rawPath: string): string[] {
  const trimmed = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
  return trimmed.split('/').map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      // Malformed percent-encoding cannot name anything that exists; keep it so it matches nothing.
      return segment;
    }
  });
}

/**
 * Matches method + path against a fixed route table. A path that exists with another method
 * yields `wrong-method` (405) rather than `not-found` (404).
 */
export class Router<R extends RouteShape> {
  private readonly compiled: { route: R; parts: string[] }[];

  constructor(routes: readonly R[]) {
    this.compiled = routes.map((route) => ({ route, parts: route.path.split('/') }));
  }

  match(method: string, rawPath: string): RouteMatch<R> {
    const segments = pathSegments(rawPath);
    const allowed: string[] = [];
    for (const { route, parts } of this.compiled) {
      const params = matchParts(parts, segments);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', route, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: 'wrong-method', allowed } : { kind: 'not-found' };
  }
}

function matchParts(parts: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] ?? '';
    const segment = segments[i] ?? '';
    if (part.startsWith(':')) {
      if (segment === '') return undefined;
      params[part.slice(1)] = segment;
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}
