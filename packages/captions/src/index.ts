export {
  startCaptions,
  stopCaptions,
  getCaptions,
  type Captions,
  type CaptionsStatus,
  type StartCaptionsOptions,
  type StartCaptionsResult,
} from './captions.js';
