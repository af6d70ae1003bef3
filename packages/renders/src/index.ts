export { toRender, type Render, type RenderStatus } from './render.js';
export {
  startRender,
  getRender,
  stopRender,
  listRenders,
  iterateRenders,
  type ListRendersOptions,
  type StartRenderOptions,
} from './renders.js';
