import * as z from 'zod/mini';
import { ApiError } from '../errors.js';
import { P, route, type RestContext, type RestRoute } from '../rest-context.js';
import { emptyReply, type Reply } from '../router.js';
import { parseBody } from '../validation.js';

const MAX_TYPE_BYTES = 128;
const MAX_DATA_BYTES = 8192;

/** POST …/signal (§5.5): `{type, data}`, both strings (empty ones too). */
const signalBody = z.object({ type: z.string(), data: z.string() });

/** Reads a signal; a type over 128 bytes or data over 8192 bytes is a 413, not a 400. */
function readSignal(value: unknown): { type: string; data: string } {
  const { type, data } = parseBody(signalBody, value);
  if (Buffer.byteLength(type) > MAX_TYPE_BYTES) {
    throw new ApiError(413, `The signal type is too long (at most ${MAX_TYPE_BYTES} bytes)`);
  }
  if (Buffer.byteLength(data) > MAX_DATA_BYTES) {
    throw new ApiError(413, `The signal data is too long (at most ${MAX_DATA_BYTES} bytes)`);
  }
  return { type, data };
}

function signal(ctx: RestContext): Reply {
  const session = ctx.state.session(ctx.project, ctx.params['sessionId'] ?? '');
  const target = ctx.params['connectionId'];
  const connection = target === undefined ? undefined : ctx.state.connection(session, target);
  const { type, data } = readSignal(ctx.json());
  ctx.state.logSignal({
    sessionId: session.id,
    connectionId: connection?.id ?? null,
    type,
    data,
    recipients: connection ? [connection.id] : [...session.connections.keys()],
  });
  return emptyReply(204);
}

export const routes: RestRoute[] = [
  route('POST', `${P}/session/:sessionId/signal`, signal),
  route('POST', `${P}/session/:sessionId/connection/:connectionId/signal`, signal),
];
