import { VideoValidationError } from './errors.js';
import { fromBase64Binary } from './encoding.js';

/** What a session ID carries. */
export interface DecodedSessionId {
  /** The API key or application ID of the project that created the session. */
  projectKey: string;
  /** The location hint (an IP address) given at creation, if any. */
  location: string | undefined;
  /** When the session was created, if the ID records it in a readable form. */
  createdAt: Date | undefined;
}

const MAX_LENGTH = 255;

/**
 * Decodes a session ID (`1_MX4xMjM0NTZ-…`): its project key, location hint and creation time.
 * Throws a `VideoValidationError` (field `sessionId`) when the text is not a session ID.
 */
export function decodeSessionId(sessionId: string, field = 'sessionId'): DecodedSessionId {
  const fields = sessionFields(sessionId, field);
  return {
    projectKey: fields[1]!,
    location: fields[2] || undefined,
    createdAt: parseCreateTime(fields[3] ?? ''),
  };
}

/** @internal The project key of a session ID, checked as {@link decodeSessionId} does, without parsing its date. */
export const sessionProjectKey = (sessionId: string, field = 'sessionId'): string => sessionFields(sessionId, field)[1]!;

/** The `~`-separated fields of a session ID; throws unless it has at least four and a project key. */
function sessionFields(sessionId: string, field: string): string[] {
  if (typeof sessionId !== 'string' || sessionId === '') {
    throw new VideoValidationError(field, 'must be a non-empty session ID string');
  }
  if (sessionId.length > MAX_LENGTH) {
    throw new VideoValidationError(field, `must be at most ${MAX_LENGTH} characters`);
  }
  const match = /^[12]_([A-Za-z0-9_\-+/]+={0,2})$/.exec(sessionId);
  const binary = match ? fromBase64Binary(match[1] ?? '') : undefined;
  const fields = binary ? binary.split('~') : [];
  const projectKey = fields[1] ?? '';
  if (fields.length < 4 || !/^[\w-]+$/.test(projectKey)) {
    throw new VideoValidationError(field, 'is not a session ID (expected the form "1_MX4…" returned by createSession)');
  }
  return fields;
}

function parseCreateTime(text: string): Date | undefined {
  const date = /^\d+$/.test(text) ? new Date(Number(text)) : new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
