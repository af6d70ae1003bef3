// The root of every error this SDK throws. The HTTP-specific subclasses live in @video/core.
// Class names are passed explicitly (`errorName`) so that minified bundles keep them, and a
// `Symbol.for` marker lets checks work across duplicate copies of the package.

const MARK = /* @__PURE__ */ Symbol.for('@video/error');
const KINDS = /* @__PURE__ */ Symbol.for('@video/error-kinds');

/** Facts about the request and response that an error came from. All optional. */
export interface VideoErrorOptions {
  /** HTTP status of the response, when there was one. */
  status?: number;
  /** The API's request ID (`X-Request-Id` / `X-Amzn-RequestId`), when it sent one. */
  requestId?: string;
  /** HTTP method of the request. */
  method?: string;
  /** The request URL. Never holds credentials: auth travels in headers only. */
  url?: string;
  /** The parsed response body (JSON), or its text. */
  body?: unknown;
  /**
   * The API's numeric error code, the `code` of the response body (`15001`, `10012`, `-1` …), when
   * it sent one. Sometimes the HTTP status again; sometimes an internal code that says more.
   */
  apiCode?: number;
  /** Whether repeating the same call could succeed. */
  retryable?: boolean;
  /** The underlying error, if any. */
  cause?: unknown;
}

interface ErrorClass {
  readonly errorName: string;
}

/**
 * Base class of every error thrown by `@video/*` packages.
 *
 * `code` is a stable, machine-readable string (`'not_found'`, `'rate_limited'` …); the API's own
 * message, when it sent one, is the `message`. Use {@link isVideoError} or `instanceof`: both work
 * even when two copies of the package are installed.
 */
export class VideoError extends Error {
  /** The class name, kept explicitly so that minified bundles still report it as `name`. */
  static readonly errorName: string = 'VideoError';

  /** Stable, machine-readable kind of error: `'validation_error'`, `'not_found'`, `'rate_limited'` … */
  readonly code: string;
  /** HTTP status of the response, when there was one. */
  readonly status: number | undefined;
  /** The API's request ID, to quote to support, when it sent one. */
  readonly requestId: string | undefined;
  /** HTTP method of the request, when one was made. */
  readonly method: string | undefined;
  /** The request URL (redacted; credentials never travel in URLs). */
  readonly url: string | undefined;
  /** The parsed response body (JSON) or its text, redacted. */
  readonly body: unknown;
  /**
   * The API's numeric error code (the `code` of the response body), when it sent one: `15001`,
   * `10012`, `50004` … It tells apart errors that share an HTTP status.
   */
  readonly apiCode: number | undefined;
  /** Whether repeating the same call could succeed. */
  readonly retryable: boolean;

  constructor(message: string, code = 'video_error', options: VideoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const kinds: string[] = [];
    for (let c: unknown = new.target; typeof c === 'function' && c !== Error; c = Object.getPrototypeOf(c)) {
      const name = (c as Partial<ErrorClass>).errorName;
      if (Object.prototype.hasOwnProperty.call(c, 'errorName') && name) kinds.push(name);
    }
    Object.defineProperty(this, MARK, { value: true });
    Object.defineProperty(this, KINDS, { value: kinds });
    Object.defineProperty(this, 'name', {
      value: kinds[0] ?? 'VideoError',
      enumerable: false,
      configurable: true,
      writable: true,
    });
    this.code = code;
    this.status = options.status;
    this.requestId = options.requestId;
    this.method = options.method;
    this.url = options.url;
    this.body = options.body;
    this.apiCode = options.apiCode;
    this.retryable = options.retryable ?? false;
  }

  /** `instanceof` that also recognises instances created by another copy of this package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (!isVideoError(value)) return false;
    const own = Object.prototype.hasOwnProperty.call(this, 'errorName') ? (this as ErrorClass).errorName : undefined;
    if (!own) return Function.prototype[Symbol.hasInstance].call(this, value);
    return ((value as unknown as Record<symbol, string[]>)[KINDS] ?? []).includes(own);
  }

  /** Plain data for logs: never includes secrets (there are none on an error). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      requestId: this.requestId,
      method: this.method,
      url: this.url,
      body: this.body,
      apiCode: this.apiCode,
      retryable: this.retryable,
    };
  }
}

/**
 * Input was rejected locally, before any request was sent. `field` names the offending option
 * (`'expireTime'`, `'layout.stylesheet'`, `'outputs.rtmp[2].serverUrl'` …).
 */
export class VideoValidationError extends VideoError {
  /** The class name, kept explicitly so that minified bundles still report it as `name`. */
  static override readonly errorName: string = 'VideoValidationError';

  /** The offending option or argument, e.g. `'expireTime'` or `'layout.stylesheet'`. */
  readonly field: string;

  constructor(field: string, reason: string) {
    super(`Invalid ${field}: ${reason}`, 'validation_error');
    this.field = field;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field };
  }
}

/**
 * True for any error thrown by a `@video/*` package, including one from another installed copy.
 * Pass `code` to test for a specific kind: `isVideoError(e, 'rate_limited')`.
 */
export function isVideoError(value: unknown, code?: string): value is VideoError {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as Record<symbol, unknown>)[MARK] !== true) return false;
  return code === undefined || (value as { code?: unknown }).code === code;
}
