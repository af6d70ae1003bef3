import type { VideoClient } from '@video/core';
import {
  callOptions,
  lazy,
  operationSchema,
  parseOptions,
  parseValue,
  pathSegment,
  projectPath,
  type OperationOptions,
  type OptionsOf,
} from '@video/core/toolkit';
import * as z from 'zod/mini';

/** RFC 4733 telephone events: `0`–`9`, `*`, `#`, and `p` for a 500 ms pause. */
const digitsSchema = /* @__PURE__ */ lazy(() =>
  z.string().check(z.minLength(1), z.regex(/^[0-9*#p]+$/, { error: 'may contain only 0-9, *, # and p (a pause)' })),
);

const playDtmfShape = /* @__PURE__ */ lazy(() => ({
  /** Play to this connection only (e.g. one SIP call). Default: every connection of the session. */
  connectionId: z.optional(z.string()),
}));
const playDtmfSchema = /* @__PURE__ */ lazy(() => operationSchema(playDtmfShape()));

/** Options of {@link playDTMF}. */
export type PlayDtmfOptions = OperationOptions<typeof playDtmfShape>;

/**
 * Plays DTMF tones into a session's SIP calls, as RFC 4733 telephone events: `0`–`9`, `*`, `#`,
 * and `p` for a 500 ms pause. Throws a `NotFoundError` when the session does not exist or the
 * connection is not connected. Not retried after an ambiguous failure, so tones are never doubled.
 */
export async function playDTMF(client: VideoClient, sessionId: string, digits: string, options: PlayDtmfOptions = {}): Promise<void> {
  const o = parseOptions(playDtmfSchema(), options);
  const session = pathSegment(sessionId, 'sessionId');
  // The connection ID is checked as a path segment (non-empty, no `/`, `?`, `#`, `..`).
  const target = o.connectionId === undefined ? [] : ['connection', pathSegment(o.connectionId, 'connectionId')];
  const json = { digits: parseValue(digitsSchema(), digits, 'digits') };
  const path = projectPath(client, 'session', session, ...target, 'play-dtmf');
  await client.request({
    operation: 'playDTMF',
    method: 'POST',
    path,
    json,
    expect: 'none',
    ...callOptions(o),
  });
}
