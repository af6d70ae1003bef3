// SHA-256 (node:crypto where the runtime has it, Web Crypto elsewhere), and comparisons whose time
// does not depend on where inputs differ.

interface NodeCrypto {
  createHash(algorithm: 'sha256'): { update(data: Uint8Array): { digest(encoding: 'hex'): string } };
}

/** node:crypto, looked up on first use (null where the runtime has none). */
let nodeCrypto: NodeCrypto | null | undefined;

/**
 * The lowercase hex SHA-256 of `bytes`. node:crypto is found on first use through
 * `process.getBuiltinModule` (Node 20.16+, Bun, Deno) rather than imported, so that bundles for
 * Workers and edge runtimes hold no `node:` import; its synchronous hash costs ~2 µs for a 1 KB body
 * where Web Crypto's promise costs ~75 µs.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  nodeCrypto ??=
    (globalThis as { process?: { getBuiltinModule?: (id: string) => NodeCrypto | undefined } }).process?.getBuiltinModule?.('node:crypto') ?? null;
  const node = nodeCrypto;
  if (node) return node.createHash('sha256').update(bytes).digest('hex');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (byte) => (byte + 256).toString(16).slice(1)).join('');
}

/**
 * Whether two strings are equal, in time that depends only on their lengths (which are not
 * secret: a SHA-256 in hex is always 64 characters).
 */
export function timingSafeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i % (b.length || 1));
  return diff === 0;
}
