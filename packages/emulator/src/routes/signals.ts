import { ApiError, badRequest } from '../errors.js';
import { P, route, type RestContext, type RestRoute } from '../rest-context.js';
import { emptyReply, type Reply } from '../router.js';
import { requireObject } from '../validation.js';

const MAX_TYPE_BYTES = 128;
const MAX_DATA_BYTES = 8192;

/** `{type, data}`: both strings; type ≤ 128 bytes and data ≤ 8192 bytes, else 413. */
function readSignal(value: unknown): { type: string; data: string } {
  const body = requireObject(value);
  const { type, data } = body;
  if (type === undefined || type === null) throw badRequest('"type" is required');
  if (data === undefined || data === null) throw badRequest('"data" is required');
  if (typeof type !== 'string') throw badRequest('"type" must be a string');
  if (typeof data !== 'string') throw badRequest('"data" must be a string');
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
