// Signatures with a Web Crypto key. Where the runtime has Node's crypto module (Node, Bun, Deno),
// the same key is used through it instead: `crypto.subtle.sign` sends every HMAC to the thread
// pool and back (≈ 40 000/s against ≈ 350 000/s for a synchronous `createHmac`) and adds per-call
// overhead to RSA. The module is reached through `process.getBuiltinModule`, never imported, so
// this package still has no `node:` import and bundles for other runtimes stay free of it; where
// it is missing (browsers, Workers, edge), Web Crypto signs as before.
import { base64url, toHex, utf8 } from './encoding.js';

export type SignatureEncoding = 'base64url' | 'hex';

/** A Node `Buffer`, as far as it is used here. */
interface NodeSignature {
  toString(encoding: SignatureEncoding): string;
}

/** The few members of `node:crypto` used here, described structurally (no @types/node needed). */
interface NodeCrypto {
  KeyObject: { from(key: CryptoKey): object };
  createHmac(algorithm: string, key: object): { update(data: string): { digest(encoding: SignatureEncoding): string } };
  sign(
    algorithm: string,
    data: Uint8Array,
    key: object,
    callback: (error: Error | null, signature: NodeSignature) => void,
  ): void;
}

let nodeCrypto: NodeCrypto | null | undefined;

function getNodeCrypto(): NodeCrypto | null {
  if (nodeCrypto === undefined) {
    try {
      const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
      nodeCrypto = (proc?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined) ?? null;
    } catch {
      nodeCrypto = null;
    }
  }
  return nodeCrypto;
}

interface PreparedKey {
  hmac: boolean;
  /** Node's name of the hash: HMAC-SHA1 for T1 tokens, SHA-256 otherwise (HS256, RS256). */
  hash: 'sha1' | 'sha256';
  /** The key as a Node `KeyObject`, or null where Node's crypto is missing or refuses the key. */
  keyObject: object | null;
}

const prepared = new WeakMap<CryptoKey, PreparedKey>();

function prepare(key: CryptoKey): PreparedKey {
  let p = prepared.get(key);
  if (!p) {
    const algorithm = key.algorithm as KeyAlgorithm & { hash?: { name?: string } };
    let keyObject: object | null = null;
    try {
      keyObject = getNodeCrypto()?.KeyObject.from(key) ?? null;
    } catch {
      // A CryptoKey from another Web Crypto implementation: sign it with that one.
    }
    const hmac = algorithm.name === 'HMAC';
    p = { hmac, hash: hmac && algorithm.hash?.name === 'SHA-1' ? 'sha1' : 'sha256', keyObject };
    prepared.set(key, p);
  }
  return p;
}

/** Whether the key signs HMAC (HS256, T1) rather than RSA (RS256). */
export const isHmacKey = (key: CryptoKey): boolean => prepare(key).hmac;

/** Signs the UTF-8 bytes of `input` (HMAC or RSASSA-PKCS1-v1_5, as the key says) and encodes the signature. */
export function signText(key: CryptoKey, input: string, encoding: SignatureEncoding): Promise<string> {
  const p = prepare(key);
  const node = nodeCrypto;
  const keyObject = p.keyObject;
  if (node && keyObject) {
    if (p.hmac) return Promise.resolve(node.createHmac(p.hash, keyObject).update(input).digest(encoding));
    // RSA with a callback: signed on the thread pool, so the event loop is not blocked for the
    // ~0.3 ms that a 2048-bit signature takes, and concurrent tokens use more than one core.
    return new Promise((resolve, reject) =>
      node.sign(p.hash, utf8(input), keyObject, (error, signature) =>
        error ? reject(error) : resolve(signature.toString(encoding)),
      ),
    );
  }
  return crypto.subtle.sign(key.algorithm.name, key, utf8(input) as BufferSource).then((signature) => {
    const bytes = new Uint8Array(signature);
    return encoding === 'hex' ? toHex(bytes) : base64url(bytes);
  });
}
