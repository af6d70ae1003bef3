import type { CallOptions, VideoClient } from '@video/core';
import { asObject, parseCallOptions, pathSegment, projectPath } from '@video/core/toolkit';
import { toRender, type Render } from './render.js';

/** Gets one render. Throws a `NotFoundError` for an unknown render ID. */
export async function getRender(client: VideoClient, renderId: string, options: CallOptions = {}): Promise<Render> {
  const call = parseCallOptions(options);
  const path = projectPath(client, 'render', pathSegment(renderId, 'renderId'));
  const res = await client.request({ operation: 'getRender', method: 'GET', path, ...call });
  return toRender(asObject(res.body), 'getRender');
}
