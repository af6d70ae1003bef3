// The start of anything that runs in a session (an archive, a broadcast, a render, captions):
// the same request for each, whose body is the session ID and the operation's own options.
import type { VideoClient } from './client.js';
import { parseOptions } from './options.js';
import type { RequestSpec } from './pipeline.js';
import { checkId, projectPath } from './paths.js';
import { asObject, type Raw } from './read.js';

/**
 * Parses `options` with `schema` and sends `POST /v2/project/{key}/{resource}` with
 * `{ sessionId, ...options }` (the per-call options apart). Never repeated after an ambiguous
 * failure (timeout, dropped connection, 500/502/504), so a failed call cannot leave two behind;
 * 429 and 503 (not carried out) are retried. `codes` lists the API error codes that the operation
 * documents: as not carried out, as permanent, or with a reason of their own (see `RequestSpec`). Resolves to the response body
 * as an object.
 */
export async function startInSession(
  client: VideoClient,
  operation: string,
  resource: string,
  schema: Parameters<typeof parseOptions>[0],
  sessionId: string,
  options: unknown,
  codes: Pick<RequestSpec, 'notCarriedOutCodes' | 'permanentCodes' | 'reasonCodes'> = {},
): Promise<{
  /** The response body, as an object. */
  body: Raw;
  /** HTTP status of the response. */
  status: number;
  /** The API's request ID, when it sent one. */
  requestId: string | undefined;
}> {
  const path = projectPath(client, resource);
  const { signal, timeout, retry, ...body } = parseOptions(schema, options) as Record<string, unknown>;
  const res = await client.request({
    operation,
    method: 'POST',
    path,
    json: { sessionId: checkId(sessionId, 'sessionId'), ...body },
    idempotent: false,
    ...codes,
    signal: signal as AbortSignal | undefined,
    timeout: timeout as number | undefined,
    retry: retry as false | undefined,
  });
  return { body: asObject(res.body), status: res.status, requestId: res.requestId };
}
