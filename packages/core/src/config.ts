// The resolved settings of a client, which the pipeline reads. In a file of their own so that the
// client (which builds them) and the pipeline (which uses them) do not import each other.
import type { Credentials } from '@video/auth';
import type { Hooks, Logger } from './hooks.js';
import type { Redactor } from './redact.js';
import type { RetryPolicy } from './retry.js';
import type { Transport } from './transport.js';

export interface ClientConfig {
  credentials: Credentials;
  baseUrl: string;
  timeout: number;
  retry: RetryPolicy;
  transport: Transport;
  logger: Logger | undefined;
  userAgent: string;
  hooks: Hooks;
  maxResponseBytes: number;
  redact: Redactor;
}

/** Default of `ClientOptions.timeout`, in ms per attempt. */
export const DEFAULT_TIMEOUT = 20_000;
/** Default of `ClientOptions.maxResponseBytes`: 10 MB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
