import {
  callOptions,
  checkString,
  pathSegment,
  projectPath,
  type CallOptions,
  type VideoClient,
} from '@video/core';

/** Options of {@link playDTMF}. */
export interface PlayDtmfOptions extends CallOptions {
  /** Play to this connection only (e.g. one SIP call); default: every SIP participant. */
  connectionId?: string;
}

/** Plays DTMF tones (`0-9`, `*`, `#`, and `p` for a 500 ms pause) into SIP calls of a session. */
export async function playDTMF(client: VideoClient, sessionId: string, digits: string, options: PlayDtmfOptions = {}): Promise<void> {
  const call = callOptions(options, ['connectionId']);
  const session = pathSegment(sessionId, 'sessionId');
  const path =
    options.connectionId === undefined
      ? projectPath(client, 'session', session, 'play-dtmf')
      : projectPath(client, 'session', session, 'connection', pathSegment(options.connectionId, 'connectionId'), 'play-dtmf');
  const json = { digits: checkString(digits, 'digits', { pattern: /^[0-9*#p]+$/, patternHint: 'may contain only 0-9, *, # and p' }) };
  await client.request({ operation: 'playDTMF', method: 'POST', path, json, expect: 'none', ...call });
}
