import { badRequest } from './errors.js';
import type { Project } from './projects.js';
import type { Route } from './router.js';
import type { State } from './state.js';

/** What a REST route handler gets: the authenticated project, the request and the state. */
export interface RestContext {
  method: string;
  /** Raw path, still percent-encoded. */
  path: string;
  /** Decoded path parameters. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Lower-cased names. */
  headers: Record<string, string>;
  rawBody: string;
  /** The project the REST token authenticated. */
  project: Project;
  state: State;
  /** The body parsed as JSON: null when empty, 400 when it is not JSON. */
  json(): unknown;
}

/** A REST route. `key` routes carry the project in `/v2/project/:key`; `token` routes (session creation) do not. */
export interface RestRoute extends Route<RestContext> {
  auth: 'key' | 'token';
}

/** `/v2/project/:key`, the prefix of every route but session creation. */
export const P = '/v2/project/:key';

export function parseJsonBody(rawBody: string): unknown {
  if (rawBody.trim() === '') return null;
  try {
    return JSON.parse(rawBody) as unknown;
  } catch {
    throw badRequest('Invalid JSON in request body');
  }
}

/** Shorthand for a key-authenticated route. */
export function route(method: string, path: string, handle: RestRoute['handle']): RestRoute {
  return { method, path, auth: 'key', handle };
}
