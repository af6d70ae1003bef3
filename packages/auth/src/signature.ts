// Signing keys. Where the runtime has Node's crypto module (Node, Bun, Deno), keys are built and
// used through it: `crypto.subtle.sign` sends every HMAC to the thread pool and back (≈ 40 000/s
// against ≈ 350 000/s for a synchronous `createHmac`) and adds per-call overhead to RSA. The module
// is reached through `process.getBuiltinModule`, never imported, so this package has no `node:`
// import and bundles for other runtimes stay free of it; where it is missing (browsers, Workers,
// edge), Web Crypto signs instead.
//
// Node keys are made from the key material itself (the secret's bytes, the PKCS#8 DER), never by
// converting a Web Crypto key: `KeyObject.from()` on a non-extractable CryptoKey is deprecated from
// Node 24 (DEP0204) and prints a warning in every process that signs.
import { base64url, toHex, utf8 } from './encoding.js';
import { VideoValidationError } from './errors.js';
import type { KeyMaterial } from './private-key.js';

export type SignatureEncoding = 'base64url' | 'hex';

/** A key that signs text: HMAC (HS256, T1) or RSASSA-PKCS1-v1_5 with SHA-256 (RS256). */
export interface SigningKey {
  readonly hmac: boolean;
  /** Signs the UTF-8 bytes of `input` and encodes the signature. */
  sign(input: string, encoding: SignatureEncoding): Promise<string>;
}

/** A Node `Buffer`, as far as it is used here. */
interface NodeSignature {
  toString(encoding: SignatureEncoding): string;
}

/** The few members of `node:crypto` used here, described structurally (no @types/node needed). */
interface NodeCrypto {
  KeyObject: { from(key: CryptoKey): object };
  createSecretKey(key: Uint8Array): object;
  createPrivateKey(key: { key: Uint8Array; format: 'der'; type: 'pkcs8' }): { asymmetricKeyType?: string };
  createHmac(algorithm: string, key: object): { update(data: string): { digest(encoding: SignatureEncoding): string } };
  sign(
    algorithm: string,
    data: Uint8Array | string,
    key: object,
    callback: (error: Error | null, signature: NodeSignature) => void,
  ): void;
  sign(algorithm: string, data: Uint8Array | string, key: object): NodeSignature;
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

const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

const encode = (signature: ArrayBuffer, encoding: SignatureEncoding): string => {
  const bytes = new Uint8Array(signature);
  return encoding === 'hex' ? toHex(bytes) : base64url(bytes);
};

function webCryptoKey(key: () => Promise<CryptoKey>, hmac: boolean): SigningKey {
  let imported: Promise<CryptoKey> | undefined;
  return {
    hmac,
    async sign(input, encoding) {
      imported ??= key();
      const cryptoKey = await imported;
      return encode(await crypto.subtle.sign(cryptoKey.algorithm.name, cryptoKey, utf8(input) as BufferSource), encoding);
    },
  };
}

interface SignJob {
  input: string;
  encoding: SignatureEncoding;
  resolve(signature: string): void;
  reject(error: unknown): void;
}

/**
 * RSA signing through node:crypto. A 2048-bit signature takes ~0.3 ms. When several are asked for
 * together, or others are still being made, they go to the thread pool (with a callback): the
 * event loop is not blocked, and concurrent tokens use more than one core. A signature asked for
 * alone is made on the spot: the trip to the pool and back would cost it about a fifth more time
 * than the signing itself. Requests made in the same run of microtasks are gathered first, so a
 * burst of them is recognised as one.
 */
function nodeRsaKey(node: NodeCrypto, keyObject: object): SigningKey {
  let onPool = 0;
  let batch: SignJob[] | undefined;
  const poolSign = (job: SignJob) => {
    onPool++;
    // The input as a string: Node encodes it as UTF-8 itself, with no intermediate array.
    node.sign('sha256', job.input, keyObject, (error, signature) => {
      onPool--;
      if (error) job.reject(error);
      else job.resolve(signature.toString(job.encoding));
    });
  };
  const flush = () => {
    const jobs = batch!;
    batch = undefined;
    if (jobs.length === 1 && onPool === 0) {
      const job = jobs[0]!;
      try {
        job.resolve(node.sign('sha256', job.input, keyObject).toString(job.encoding));
      } catch (error) {
        job.reject(error);
      }
      return;
    }
    for (const job of jobs) poolSign(job);
  };
  return {
    hmac: false,
    sign: (input, encoding) =>
      new Promise((resolve, reject) => {
        if (!batch) {
          batch = [];
          queueMicrotask(flush);
        }
        batch.push({ input, encoding, resolve, reject });
      }),
  };
}

/** An HMAC key over `secret`: SHA-256 for HS256 JWTs, SHA-1 for legacy T1 tokens. */
export function hmacKey(secret: string, hash: 'SHA-256' | 'SHA-1'): SigningKey {
  const bytes = utf8(secret);
  const node = getNodeCrypto();
  if (node) {
    const keyObject = node.createSecretKey(bytes);
    const name = hash === 'SHA-1' ? 'sha1' : 'sha256';
    return { hmac: true, sign: async (input, encoding) => node.createHmac(name, keyObject).update(input).digest(encoding) };
  }
  return webCryptoKey(
    () => crypto.subtle.importKey('raw', bytes as BufferSource, { name: 'HMAC', hash }, false, ['sign']),
    true,
  );
}

const notRsa = () =>
  new VideoValidationError('privateKey', 'could not be imported as an RSA private key (is it an RSA key in PKCS#8 or PKCS#1 form?)');

/**
 * An RS256 key from checked key material. Nothing is parsed until the first signature; a key that
 * cannot be imported rejects that signature with a `VideoValidationError` on `privateKey`.
 */
export function rsaKey(material: KeyMaterial): SigningKey {
  const node = getNodeCrypto();
  if (material.kind === 'cryptoKey') {
    // Only an extractable CryptoKey may become a KeyObject without a deprecation warning.
    if (node && material.key.extractable) {
      try {
        return nodeRsaKey(node, node.KeyObject.from(material.key));
      } catch {
        // A CryptoKey of another Web Crypto implementation: sign with that one.
      }
    }
    return webCryptoKey(() => Promise.resolve(material.key), false);
  }
  if (node) {
    let signer: SigningKey | undefined;
    return {
      hmac: false,
      sign(input, encoding) {
        if (!signer) {
          let parsed: { asymmetricKeyType?: string };
          try {
            parsed = node.createPrivateKey({ key: material.der, format: 'der', type: 'pkcs8' });
          } catch {
            return Promise.reject(notRsa());
          }
          if (parsed.asymmetricKeyType !== 'rsa') return Promise.reject(notRsa());
          signer = nodeRsaKey(node, parsed);
        }
        return signer.sign(input, encoding);
      },
    };
  }
  return webCryptoKey(
    () => crypto.subtle.importKey('pkcs8', material.der as BufferSource, RS256, false, ['sign']).catch(() => Promise.reject(notRsa())),
    false,
  );
}
