import { asObject, callOptions, pathSegment, projectPath, type CallOptions, type VideoClient } from '@video/core';
import { toRender, type Render } from './render.js';

/** Gets one render. Throws a `NotFoundError` for an unknown render ID. */
export async function getRender(client: VideoClient, renderId: string, options: CallOptions = {}): Promise<Render> {
  const path = projectPath(client, 'render', pathSegment(renderId, 'renderId'));
  const res = await client.request({ operation: 'getRender', method: 'GET', path, ...callOptions(options) });
  return toRender(asObject(res.body));
}
