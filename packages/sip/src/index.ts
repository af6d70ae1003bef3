export { dial, type DialOptions, type SipAuth, type SipCall } from './dial.js';
export { playDTMF, type PlayDtmfOptions } from './play-dtmf.js';
export {
  AUDIO_RATES,
  websocketConnect,
  websocketDisconnect,
  type AudioConnection,
  type AudioRate,
  type AudioTransport,
  type WebsocketConnectOptions,
} from './audio-connector.js';
