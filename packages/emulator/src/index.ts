export { startEmulator, type Emulator, type EmulatorOptions } from './emulator.js';
export type { EmulatorCredentials, OpenTokCredentials, VonageCredentials } from './projects.js';
export { EmulatorControl, EmulatorControlError } from './control-client.js';
export type {
  ClientRole,
  ClientTokenFormat,
  ConnectionState,
  DtmfLogEntry,
  EmulatorState,
  FaultAction,
  FaultInfo,
  FaultSpec,
  JoinOptions,
  JoinResult,
  MigrationState,
  PublishOptions,
  PublishResult,
  RequestAuthInfo,
  RequestLogEntry,
  SessionState,
  SignalLogEntry,
  StreamState,
} from './control-types.js';
