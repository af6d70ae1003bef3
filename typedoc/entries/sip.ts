/**
 * SIP dial-out, DTMF and the Audio Connector (WebSocket).
 *
 * @module @video/sip
 */
export * from '../../packages/sip/src/index.js';
