// Collects everything the SDK lets out (errors, logger lines, hook payloads) and looks for secrets
// in it: the private key (PEM text, its base64 body, any of its lines), the API secret, every REST
// JWT the client sent and every client token minted. Also flags any JWT- or PEM-shaped text.
import { inspect } from 'node:util';
import type { Logger, Transport } from '@video/core';

export interface Leak {
  /** Where the secret showed up, e.g. `error of getArchive (stack)`. */
  where: string;
  /** Which secret, e.g. `REST JWT`; never the secret itself. */
  what: string;
}

interface Secret {
  what: string;
  value: string;
}

/** Every way a caller might print an error. */
export function renderError(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (error instanceof Error) {
    out['message'] = error.message;
    out['stack'] = String(error.stack);
  }
  try {
    out['JSON.stringify'] = JSON.stringify(error) ?? '';
  } catch (e) {
    out['JSON.stringify'] = `<throws ${String(e)}>`;
  }
  out['util.inspect'] = inspect(error, { depth: Infinity, showHidden: true, maxArrayLength: Infinity, maxStringLength: Infinity });
  out['String()'] = String(error);
  if (typeof error === 'object' && error !== null) {
    for (const [key, value] of Object.entries(error)) {
      out[`field ${key}`] = typeof value === 'string' ? value : inspect(value, { depth: Infinity, maxStringLength: Infinity });
    }
    // The cause chain, as a logger that walks it would print it.
    let cause = (error as { cause?: unknown }).cause;
    for (let depth = 0; cause !== undefined && depth < 5; depth++) {
      out[`cause ${depth}`] = inspect(cause, { depth: Infinity, showHidden: true, maxStringLength: Infinity });
      cause = (cause as { cause?: unknown } | null)?.cause;
    }
  }
  return out;
}

const render = (value: unknown): string =>
  `${inspect(value, { depth: Infinity, maxArrayLength: Infinity, maxStringLength: Infinity })}\n${safeJson(value)}`;

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/** Token- and key-shaped text that must never leave the SDK, whatever its origin. */
const SHAPES: [RegExp, string][] = [
  [/eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/, 'JWT-shaped text'],
  [/T1==[A-Za-z0-9+/]{20,}/, 'T1-token-shaped text'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'PEM header'],
];

export class SecretScanner {
  private readonly secrets: Secret[] = [];
  private readonly known = new Set<string>();
  readonly leaks: Leak[] = [];
  /** Texts scanned so far. */
  scanned = 0;
  private readonly pending: [string, string][] = [];

  /**
   * `deferred` (default): texts are kept and scanned by {@link finish}, once every token the client
   * sent is known. `immediate`: scanned at once (for long runs; seed the tokens first).
   */
  constructor(private readonly mode: 'deferred' | 'immediate' = 'deferred') {}

  /** Adds a secret (and, for a PEM key, its base64 body and each line of it). */
  add(what: string, value: string | undefined): void {
    if (!value || this.known.has(value)) return;
    this.known.add(value);
    this.secrets.push({ what, value });
    if (value.includes('-----BEGIN')) {
      const lines = value
        .split(/\r?\n|\\n/)
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('-----'));
      this.add(`${what} (base64 body)`, lines.join(''));
      for (const line of lines) if (line.length >= 32) this.add(`${what} (a base64 line)`, line);
    }
    if (value.startsWith('Bearer ')) this.add(what, value.slice('Bearer '.length));
  }

  addCredentials(credentials: { privateKey?: unknown; apiSecret?: unknown }): void {
    if (typeof credentials.privateKey === 'string') this.add('private key', credentials.privateKey);
    if (typeof credentials.apiSecret === 'string') this.add('API secret', credentials.apiSecret);
  }

  /** Scans one text (now, or at {@link finish}). */
  text(where: string, text: string): void {
    if (this.mode === 'deferred') this.pending.push([where, text]);
    else this.scan(where, text);
  }

  /** Scans the kept texts with every secret known by now; returns the leaks. */
  finish(): Leak[] {
    for (const [where, text] of this.pending.splice(0)) this.scan(where, text);
    return this.leaks;
  }

  private scan(where: string, text: string): void {
    this.scanned++;
    for (const { what, value } of this.secrets) {
      if (text.includes(value)) this.leaks.push({ where, what });
    }
    for (const [pattern, what] of SHAPES) {
      if (pattern.test(text)) this.leaks.push({ where, what });
    }
  }

  error(where: string, error: unknown): void {
    for (const [how, text] of Object.entries(renderError(error))) this.text(`${where} (${how})`, text);
  }

  value(where: string, value: unknown): void {
    this.text(where, render(value));
  }

  /** A logger whose every line is scanned. */
  logger(): Required<Logger> {
    const line =
      (level: string) =>
      (message: string, data?: Record<string, unknown>): void =>
        this.text(`logger.${level}`, `${message}\n${render(data)}`);
    return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
  }

  /** onRequest / onResponse / onRetry hooks whose payloads are scanned. */
  hooks() {
    return {
      onRequest: (event: unknown) => this.value('onRequest', event),
      onResponse: (event: unknown) => this.value('onResponse', event),
      onRetry: (event: { error?: unknown }) => {
        this.value('onRetry', event);
        if (event.error) this.error('onRetry error', event.error);
      },
    };
  }

  /** Wraps a transport to learn the exact REST auth tokens the client sends. */
  capture(transport: Transport): Transport {
    const send: Transport['send'] = (request) => {
      for (const [name, value] of Object.entries(request.headers)) {
        const lower = name.toLowerCase();
        if (lower === 'authorization' || lower === 'x-opentok-auth') this.add('REST JWT', value);
      }
      return transport.send(request);
    };
    return transport.close ? { send, close: () => transport.close!() } : { send };
  }

  /** The leaks, grouped as `where: what` lines with counts, for an assertion message. */
  summary(): string[] {
    const counts = new Map<string, number>();
    for (const { where, what } of this.leaks) counts.set(`${where}: ${what}`, (counts.get(`${where}: ${what}`) ?? 0) + 1);
    return [...counts].map(([line, n]) => `${line} ×${n}`);
  }
}
