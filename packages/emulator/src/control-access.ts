// Who may use the control API. It has no auth by design, so two browser-borne attacks are shut
// out: DNS rebinding (a page whose host name resolves to 127.0.0.1 reads and drives it: its
// requests carry the page's host name in `Host`) and blind cross-site writes (a page can send a
// "simple" POST, e.g. `text/plain`, without a CORS preflight; `application/json` needs one, and
// the emulator answers no preflight).
import { isIP, isIPv4 } from 'node:net';
import { ApiError } from './errors.js';
import { describeValue } from './validation.js';

/** Host names the control API answers besides the loopback ones, lower-cased, IPv6 in brackets. */
export type AllowedHosts = ReadonlySet<string>;

/** `localhost`, `127.x.x.x` and `[::1]`: names that only ever reach this machine. */
function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name === '[::1]' || (isIPv4(name) && name.startsWith('127.'));
}

/** The host name of a `Host` header (`name`, `name:port`, `[v6]:port`), lower-cased; undefined when malformed. */
function hostName(header: string): string | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d{1,5})?$/i.exec(header.trim());
  const name = match?.[1]?.toLowerCase();
  return name?.endsWith('.') && !name.startsWith('[') ? name.slice(0, -1) : name;
}

/** The form a host name takes in a `Host` header: lower-cased, an IPv6 address in brackets. */
export function hostHeaderName(host: string): string {
  const name = host.trim().toLowerCase();
  return name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
}

/** A host name or IP address as `allowedHosts` takes it: no port, no scheme, no path. */
function isHostName(name: string): boolean {
  return isIP(name) !== 0 || /^\[[0-9a-f:.]+\]$/i.test(name) || /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?$/i.test(name);
}

/** Checks the `allowedHosts` option (a TypeError names what is wrong). */
export function readAllowedHosts(value: unknown): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((name) => typeof name === 'string' && isHostName(name))) {
    throw new TypeError('allowedHosts must be an array of host names or IP addresses, without port (e.g. ["emulator"])');
  }
  return value as string[];
}

/**
 * The extra names the control API accepts: the address the emulator was told to bind to when it
 * is not a loopback one, and any names given explicitly (`allowedHosts`, `--allowed-host`).
 */
export function allowedHosts(bindHost: string, extra: readonly string[] = []): AllowedHosts {
  const names = new Set<string>();
  for (const name of [bindHost, ...extra].map(hostHeaderName)) if (!isLoopbackName(name)) names.add(name);
  return names;
}

/** 403 unless the request's `Host` names this machine's loopback or an allowed name. */
export function checkHost(header: string | undefined, allowed: AllowedHosts): void {
  if (header === undefined || header.trim() === '') {
    throw new ApiError(403, 'The control API needs a Host header naming localhost, 127.0.0.1 or [::1]');
  }
  const name = hostName(header);
  if (name !== undefined && (isLoopbackName(name) || allowed.has(name))) return;
  const extra = allowed.size > 0 ? `, ${[...allowed].join(', ')}` : '';
  throw new ApiError(
    403,
    `Host ${describeValue(header)} is not allowed on the control API (a guard against DNS rebinding): use localhost, ` +
      `127.0.0.1 or [::1]${extra}. To reach it under another name, start the emulator with allowedHosts (CLI: --allowed-host)`,
  );
}

/** Methods whose control requests must carry a JSON body type. */
const WRITES = new Set(['POST', 'PUT', 'PATCH']);

/** 415 unless a POST/PUT/PATCH control request says `Content-Type: application/json` (parameters allowed). */
export function checkContentType(method: string, contentType: string | undefined): void {
  if (!WRITES.has(method)) return;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') return;
  throw new ApiError(
    415,
    `The control API accepts ${method} requests only with Content-Type: application/json ` +
      `(got ${contentType === undefined ? 'none' : describeValue(contentType)}); send {} when there is nothing to say`,
  );
}
