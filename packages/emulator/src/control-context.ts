import type { Faults } from './faults.js';
import type { RequestLog } from './request-log.js';
import type { State } from './state.js';

/** What a control route gets. */
export interface ControlContext {
  params: Record<string, string>;
  query: URLSearchParams;
  rawBody: string;
  state: State;
  faults: Faults;
  requestLog: RequestLog;
  json(): unknown;
}
