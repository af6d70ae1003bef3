import { callOptions, checkString, pathSegment, projectPath, type CallOptions, type VideoClient } from '@video/core';

/** Options of {@link playDTMF}. */
export interface PlayDtmfOptions extends CallOptions {
  /** Play to this connection only (e.g. one SIP call). Default: every connection of the session. */
  connectionId?: string;
}

/**
 * Plays DTMF tones into a session's SIP calls, as RFC 4733 telephone events: `0`–`9`, `*`, `#`,
 * and `p` for a 500 ms pause. Throws a `NotFoundError` when the session does not exist or the
 * connection is not connected. Not retried after an ambiguous failure, so tones are never doubled.
 */
export async function playDTMF(
  client: VideoClient,
  sessionId: string,
  digits: string,
  options: PlayDtmfOptions = {},
): Promise<void> {
  const call = callOptions(options, ['connectionId']);
  const session = pathSegment(sessionId, 'sessionId');
  const target =
    options.connectionId === undefined ? [] : ['connection', pathSegment(options.connectionId, 'connectionId')];
  const json = {
    digits: checkString(digits, 'digits', { pattern: /^[0-9*#p]+$/, patternHint: 'may contain only 0-9, *, # and p (a pause)' }),
  };
  await client.request({
    operation: 'playDTMF',
    method: 'POST',
    path: projectPath(client, 'session', session, ...target, 'play-dtmf'),
    json,
    expect: 'none',
    ...call,
  });
}
