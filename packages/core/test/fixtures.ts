import { generateKeyPairSync, randomUUID } from 'node:crypto';

export const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const PRIVATE_KEY = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
export const APPLICATION_ID = randomUUID();
export const API_KEY = '47123456';
export const API_SECRET = '0123456789abcdef0123456789abcdef01234567';

export const vonage = { applicationId: APPLICATION_ID, privateKey: PRIVATE_KEY };
export const opentok = { apiKey: API_KEY, apiSecret: API_SECRET };

/** Strings that must never show up in an error, a log line or a hook payload. */
export const SECRET_MARKERS = [API_SECRET, 'BEGIN PRIVATE KEY', PRIVATE_KEY.split('\n')[1]!, 'eyJ', 'T1=='];
