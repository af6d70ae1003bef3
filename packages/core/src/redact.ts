// Everything that leaves the pipeline for hooks, logs or errors goes through here first.

export const REDACTED = '[redacted]';

const SECRET_HEADERS = new Set(['authorization', 'x-opentok-auth', 'proxy-authorization', 'cookie']);
const SECRET_KEYS = /^(token|secret|apisecret|api_secret|privatekey|private_key|password|authorization)$/i;
/** A compact JWS (REST or client JWT), a legacy T1 token, or a PEM block. */
const SECRET_TEXT = /eyJ[\w-]*\.[\w-]+\.[\w-]*|T1==[A-Za-z0-9+/=]+|-----BEGIN [A-Z ]+-----[\s\S]*?(-----END [A-Z ]+-----|$)/g;

export function redactText(text: string): string {
  return text.replace(SECRET_TEXT, REDACTED);
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : redactText(value);
  }
  return out;
}

/** Deep copy with secret-named fields and token-shaped strings replaced. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null || depth > 20) return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEYS.test(key) && v !== undefined && v !== null ? REDACTED : redactValue(v, depth + 1);
  }
  return out;
}
