export {
  toBroadcast,
  type Broadcast,
  type BroadcastStatus,
  type BroadcastStream,
  type HlsStatus,
  type RtmpStatus,
  type RtmpTarget,
} from './broadcast.js';
export {
  startBroadcast,
  type BroadcastHlsOptions,
  type BroadcastOutputs,
  type RtmpTargetOptions,
  type StartBroadcastOptions,
} from './start-broadcast.js';
export { stopBroadcast } from './stop-broadcast.js';
export { getBroadcast } from './get-broadcast.js';
export { listBroadcasts, iterateBroadcasts, type ListBroadcastsOptions, type IterateBroadcastsOptions } from './list-broadcasts.js';
export { setBroadcastLayout } from './set-broadcast-layout.js';
export { addBroadcastStream, removeBroadcastStream, type AddBroadcastStreamOptions } from './broadcast-streams.js';
export type { Layout, LayoutType, Resolution, ScreenshareType, StreamMode } from '@video/core';
