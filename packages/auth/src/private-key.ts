// Turns whatever the caller has (PEM text, bytes, a Node KeyObject or a CryptoKey) into an RS256
// signing CryptoKey. Web Crypto imports only PKCS#8, so PKCS#1 ("BEGIN RSA PRIVATE KEY") keys are
// wrapped into a PKCS#8 envelope here instead of failing with a generic error.

import { VideoValidationError } from './errors.js';
import { fromBase64, fromUtf8 } from './encoding.js';

/** A Node `KeyObject`, described structurally so this module never imports `node:crypto`. */
export interface KeyObjectLike {
  /** `'private'` for a private key. */
  readonly type: string;
  /** The key's DER bytes. */
  export(options: { format: 'der'; type: 'pkcs8' }): Uint8Array;
}

/**
 * An RSA private key: PEM text (PKCS#8 or PKCS#1; escaped `\n` sequences are accepted), the same
 * text or DER as bytes, a Node `KeyObject`, or a Web Crypto `CryptoKey` usable for RS256 signing.
 */
export type PrivateKeyInput = string | Uint8Array | ArrayBuffer | KeyObjectLike | CryptoKey;

/** Key material checked for shape, ready to import. */
export type KeyMaterial = { kind: 'pkcs8'; der: Uint8Array } | { kind: 'cryptoKey'; key: CryptoKey };

const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const FIELD = 'privateKey';

function invalid(reason: string): VideoValidationError {
  return new VideoValidationError(FIELD, reason);
}

const isCryptoKey = (value: unknown): value is CryptoKey =>
  typeof CryptoKey !== 'undefined' && value instanceof CryptoKey;

const isKeyObject = (value: unknown): value is KeyObjectLike =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as KeyObjectLike).export === 'function' &&
  typeof (value as KeyObjectLike).type === 'string';

function looksLikePath(text: string): boolean {
  if (text.includes('-----BEGIN')) return false;
  if (/\s/.test(text.trim())) return false;
  return /^(\.{0,2}\/|~\/|[A-Za-z]:[\\/])/.test(text) || /\.(pem|key|p8|txt|der)$/i.test(text);
}

/** Checks the key's shape synchronously (no crypto yet) so mistakes surface when credentials are created. */
export function readPrivateKey(input: unknown): KeyMaterial {
  if (isCryptoKey(input)) {
    if (input.type !== 'private' || input.algorithm.name !== RS256.name) {
      throw invalid('a CryptoKey must be an RSASSA-PKCS1-v1_5 private key');
    }
    return { kind: 'cryptoKey', key: input };
  }
  if (isKeyObject(input)) {
    if (input.type !== 'private') throw invalid(`a KeyObject must be a private key, got a ${input.type} key`);
    return { kind: 'pkcs8', der: new Uint8Array(input.export({ format: 'der', type: 'pkcs8' })) };
  }
  if (input instanceof ArrayBuffer) return readPrivateKey(new Uint8Array(input));
  if (input instanceof Uint8Array) {
    const text = fromUtf8(input);
    if (text.includes('-----BEGIN')) return fromPem(text);
    return fromDer(input);
  }
  if (typeof input === 'string') {
    if (input.trim() === '') throw invalid('must not be empty');
    if (looksLikePath(input)) {
      throw invalid(
        'looks like a file path. Pass the key itself, e.g. ' +
          "`privateKey: readFileSync(path, 'utf8')`; the SDK never reads files for you",
      );
    }
    return fromPem(input);
  }
  throw invalid('must be PEM text, bytes, a KeyObject or a CryptoKey');
}

function fromPem(raw: string): KeyMaterial {
  const text = raw.replace(/\\r/g, '').replace(/\\n/g, '\n').trim();
  const match = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  if (!match) throw invalid('is not a PEM key: expected "-----BEGIN PRIVATE KEY-----" … "-----END PRIVATE KEY-----"');
  const label = match[1] ?? '';
  const der = fromBase64((match[2] ?? '').replace(/\s+/g, ''));
  if (!der || der.length === 0) throw invalid('the PEM body is not valid base64');
  if (label === 'PRIVATE KEY') return fromDer(der);
  if (label === 'RSA PRIVATE KEY') return { kind: 'pkcs8', der: wrapPkcs1(der) };
  if (label === 'ENCRYPTED PRIVATE KEY') {
    throw invalid('is encrypted; decrypt it first (e.g. `openssl pkcs8 -in key.pem -nocrypt -topk8`)');
  }
  if (label.includes('PUBLIC KEY') || label === 'CERTIFICATE') {
    throw invalid(`is a ${label.toLowerCase()}; the application's private key is needed`);
  }
  throw invalid(`has an unsupported PEM type "${label}"; expected PRIVATE KEY or RSA PRIVATE KEY`);
}

function fromDer(der: Uint8Array): KeyMaterial {
  if (der[0] !== 0x30) throw invalid('is not a DER-encoded key');
  // PKCS#8 has an AlgorithmIdentifier SEQUENCE after the version INTEGER; PKCS#1 has more INTEGERs.
  const afterVersion = skipHeader(der, 0) + 3;
  return der[afterVersion] === 0x30 ? { kind: 'pkcs8', der } : { kind: 'pkcs8', der: wrapPkcs1(der) };
}

/** Offset of the first content byte of the DER element starting at `at`. */
function skipHeader(der: Uint8Array, at: number): number {
  const first = der[at + 1] ?? 0;
  return at + 2 + (first & 0x80 ? first & 0x7f : 0);
}

function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

// PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier rsaEncryption, OCTET STRING pkcs1 }
const VERSION_AND_RSA_ALGORITHM = [
  0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
];

function wrapPkcs1(pkcs1: Uint8Array): Uint8Array {
  const octet = [0x04, ...derLength(pkcs1.length)];
  const bodyLength = VERSION_AND_RSA_ALGORITHM.length + octet.length + pkcs1.length;
  const head = [0x30, ...derLength(bodyLength), ...VERSION_AND_RSA_ALGORITHM, ...octet];
  const out = new Uint8Array(head.length + pkcs1.length);
  out.set(head, 0);
  out.set(pkcs1, head.length);
  return out;
}
