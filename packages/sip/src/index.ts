export { dial, type DialOptions, type SipCall } from './dial.js';
export { playDTMF, type PlayDtmfOptions } from './play-dtmf.js';
export {
  websocketConnect,
  websocketDisconnect,
  type AudioConnection,
  type AudioTransport,
  type WebsocketConnectOptions,
} from './audio-connector.js';
