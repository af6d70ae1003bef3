export { forceDisconnect } from './force-disconnect.js';
export { forceMuteStream, forceMuteAll, disableForceMute, type ForceMuteAllOptions } from './force-mute.js';
export type { CallOptions } from '@video/core';
