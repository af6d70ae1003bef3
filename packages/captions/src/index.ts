export { startCaptions, stopCaptions, getCaptions, type Captions, type CaptionsStatus, type StartCaptionsOptions } from './captions.js';
