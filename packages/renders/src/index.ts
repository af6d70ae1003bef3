export { toRender, type Render, type RenderStatus } from './render.js';
export { startRender, type RenderProperties, type StartRenderOptions } from './start-render.js';
export { getRender } from './get-render.js';
export { stopRender } from './stop-render.js';
export { listRenders, iterateRenders, type IterateRendersOptions, type ListRendersOptions } from './list-renders.js';
