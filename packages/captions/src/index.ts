export { startCaptions, stopCaptions, type StartCaptionsOptions, type StartCaptionsResult } from './captions.js';
