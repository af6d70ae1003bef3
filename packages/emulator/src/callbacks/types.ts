import type { CallbackType } from '../control-types.js';

/** Every callback type, by its Application API name (callbacks.md §"Registration"). */
export const CALLBACK_TYPES: readonly CallbackType[] = [
  'session_created',
  'session_destroyed',
  'session_notification',
  'connection_created',
  'connection_destroyed',
  'stream_created',
  'stream_destroyed',
  'archive_status',
  'broadcast_status',
  'sip_call_created',
  'sip_call_updated',
  'sip_call_destroyed',
  'sip_call_mute_forced',
  'render_status',
  'captions_status',
];

export const isCallbackType = (value: unknown): value is CallbackType =>
  typeof value === 'string' && (CALLBACK_TYPES as readonly string[]).includes(value);
