import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, randomInt, randomUUID, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

/** A Vonage application: REST calls are signed RS256 with this private key. */
export interface VonageCredentials {
  applicationId: string;
  /** PKCS#8 PEM. */
  privateKey: string;
}

/** An OpenTok project: REST calls are signed HS256 with this secret. */
export interface OpenTokCredentials {
  apiKey: string;
  apiSecret: string;
}

/** The credentials an emulator accepts, one of each kind. */
export interface EmulatorCredentials {
  vonage: VonageCredentials;
  opentok: OpenTokCredentials;
}

/** A project as the emulator keeps it: the key that names it and what verifies its signatures. */
export interface Project {
  kind: 'opentok' | 'vonage';
  /** API key or application ID. */
  key: string;
  createdAt: number;
  /** OpenTok: the API secret as UTF-8 bytes, the HS256 and HMAC-SHA1 key. */
  secret?: Uint8Array;
  /** Vonage: the public half of the application key, for RS256. */
  publicKey?: KeyObject;
}

const generateRsa = promisify(generateKeyPair);

async function vonageCredentials(given: Partial<VonageCredentials> | undefined): Promise<VonageCredentials> {
  const applicationId = given?.applicationId ?? randomUUID();
  if (typeof applicationId !== 'string' || !/^[\w-]{1,128}$/.test(applicationId)) {
    throw new TypeError('vonage.applicationId must be a UUID (letters, digits and dashes)');
  }
  if (given?.privateKey !== undefined) {
    const key = createPrivateKey(given.privateKey.replace(/\\n/g, '\n'));
    if (key.asymmetricKeyType !== 'rsa') throw new TypeError('vonage.privateKey must be an RSA private key');
    return { applicationId, privateKey: key.export({ type: 'pkcs8', format: 'pem' }).toString() };
  }
  const { privateKey } = await generateRsa('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { applicationId, privateKey };
}

function opentokCredentials(given: Partial<OpenTokCredentials> | undefined): OpenTokCredentials {
  const apiKey = given?.apiKey !== undefined ? String(given.apiKey) : String(randomInt(10_000_000, 100_000_000));
  if (!/^\d{1,32}$/.test(apiKey)) throw new TypeError('opentok.apiKey must be numeric');
  const apiSecret = given?.apiSecret ?? randomBytes(20).toString('hex');
  if (typeof apiSecret !== 'string' || apiSecret === '') throw new TypeError('opentok.apiSecret must be a non-empty string');
  return { apiKey, apiSecret };
}

/** Generates whatever credentials were not given and the projects that verify them. */
export async function createProjects(given: {
  vonage?: Partial<VonageCredentials>;
  opentok?: Partial<OpenTokCredentials>;
}): Promise<{ credentials: EmulatorCredentials; projects: Project[] }> {
  const vonage = await vonageCredentials(given.vonage);
  const opentok = opentokCredentials(given.opentok);
  const createdAt = Date.now();
  const projects: Project[] = [
    { kind: 'opentok', key: opentok.apiKey, createdAt, secret: new TextEncoder().encode(opentok.apiSecret) },
    { kind: 'vonage', key: vonage.applicationId, createdAt, publicKey: createPublicKey(vonage.privateKey) },
  ];
  return { credentials: { vonage, opentok }, projects };
}

/** The field that names the project in API responses: `projectId` or `applicationId`. */
export function projectField(project: Project): { projectId: string } | { applicationId: string } {
  return project.kind === 'opentok' ? { projectId: project.key } : { applicationId: project.key };
}
