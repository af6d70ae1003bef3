// The loopback rule: the emulator is a local tool and must never become a way to send requests to
// other machines. A callback URL must name a loopback host (or one the user allowed explicitly),
// and the address a name resolves to is checked again when the socket connects.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';

/** Whether an IP address (v4, v6, or v4-mapped v6) is a loopback one. */
export function isLoopbackAddress(address: string): boolean {
  const text = address.toLowerCase();
  if (isIP(text) === 4) return text.startsWith('127.');
  if (text === '::1' || text === '0:0:0:0:0:0:0:1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  return mapped !== null && mapped[1]!.startsWith('127.');
}

/** Host names allowed besides loopback ones, lower-cased. */
export type CallbackHosts = ReadonlySet<string>;

export function readCallbackHosts(hosts: readonly string[] | undefined): CallbackHosts {
  if (hosts === undefined) return new Set();
  if (!Array.isArray(hosts) || hosts.some((h) => typeof h !== 'string' || !/^[\w.:[\]-]{1,253}$/.test(h))) {
    throw new TypeError('allowedCallbackHosts must be an array of host names (without scheme or port)');
  }
  return new Set(hosts.map((h) => h.toLowerCase().replace(/^\[|\]$/g, '')));
}

const hostOf = (url: URL): string => url.hostname.toLowerCase().replace(/^\[|\]$/g, '');

/** Why `text` cannot be a callback URL, or undefined when it can. */
export function callbackUrlProblem(text: string, allowed: CallbackHosts): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http:// or https:// URL';
  if (url.username || url.password) return 'must not carry credentials';
  const host = hostOf(url);
  if (allowed.has(host)) return undefined;
  if (host === 'localhost' || host.endsWith('.localhost') || isLoopbackAddress(host)) return undefined;
  return `must be on a loopback host (localhost, 127.x.x.x, [::1]) or on a host listed in allowedCallbackHosts, not ${JSON.stringify(host.slice(0, 100))}`;
}

/**
 * A `lookup` for the callback request: a name not explicitly allowed must resolve to loopback
 * addresses only, so that a name such as `localhost` cannot be pointed elsewhere.
 */
export function loopbackLookup(allowed: CallbackHosts): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const usable = allowed.has(hostname.toLowerCase()) ? addresses : addresses.filter((a) => isLoopbackAddress(a.address));
      if (usable.length === 0) {
        const refused = Object.assign(new Error(`${hostname} does not resolve to a loopback address`), { code: 'ENOTLOOPBACK' });
        return callback(refused, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
      return callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}
