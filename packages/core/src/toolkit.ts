// `@video/core/toolkit`: what the SDK's own operation packages are built from (option schemas and
// their parsing, paths, response readers, list and stream-selection helpers). Published so those
// packages can share it; applications use the main entry.
export {
  callOptions,
  callOptionsSchema,
  callOptionsShape,
  operationSchema,
  parseCallOptions,
  retrySchema,
  timeoutSchema,
  type OperationOptions,
} from './call-options.js';
export { describeValue, lazy, parseOptions, parseValue, strictObject, type OptionsOf, type ParsedOptionsOf } from './options.js';
export {
  integer,
  iterateOptionsShape,
  layoutSchema,
  listOptionsShape,
  RESOLUTIONS,
  resolutionSchema,
  screenshareTypeSchema,
  someTrack,
  streamModeSchema,
  trackSelectionShape,
} from './shapes.js';
export { checkClient, checkId, hostPath, pathSegment, projectPath } from './paths.js';
export { asObject, readArray, readBoolean, readDate, readId, readNumber, readOwner, readPage, readString, readStrings, type Raw } from './read.js';
export { paginate } from './paginate.js';
export { iteratePages, listPage, type ListSpec } from './lists.js';
export { addStream, removeStream } from './stream-selection.js';
export { startInSession } from './start.js';
export { createRedactor, redactHeaders, redactText, redactValue, REDACTED, type Redactor } from './redact.js';
export { clientFromEnv, credentialsFromEnv } from './from-env.js';
export { isHttpsOrLoopback } from './client.js';
