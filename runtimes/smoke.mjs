// The smoke suite of the runtime matrix. Portable on purpose: plain JavaScript, no `node:`
// import, no runtime-specific API; it imports the BUILT packages (their `dist/`, through the
// packages' own `exports`) and talks to an emulator that runs in another process, over real
// sockets. The host (run.mjs) plays the service: it runs the emulator and signs the callbacks.
//
// smoke(config) never throws: every check is recorded as { name, ok, error? }.
import { createClient, isVideoError } from '@video/core';
import { createSession, generateToken } from '@video/sessions';
import { decodeClientToken } from '@video/auth';
import { verifyClientToken } from '@video/auth/verify';
import { verifyCallback } from '@video/webhooks';

/**
 * @typedef {object} SmokeConfig
 * @property {string} url The emulator's base URL (`http://127.0.0.1:PORT`).
 * @property {{ applicationId: string, privateKey: string }} vonage Application credentials.
 * @property {{ apiKey: string, apiSecret: string }} opentok Project credentials.
 * @property {{ secret: string, body: string, authorization: string, tamperedBody: string, jti: string, type: string }} callback
 *   A callback signed by the host with jose, as the service signs it; `tamperedBody` is the same
 *   body with one value changed (same header).
 *
 * @typedef {{ name: string, ok: boolean, error?: string }} CheckResult
 */

/** The specifiers the suite imports; each entry point checks that they are the built packages. */
export const IMPORTS = ['@video/core', '@video/sessions', '@video/auth', '@video/auth/verify', '@video/webhooks'];
export const BUILT_CHECK = 'imports are the built packages (dist/)';

/** The checks, in the order they run; the matrix's "checks passed" column counts these. */
export const CHECK_NAMES = [
  'session, application credentials (RS256 REST JWT)',
  'session, project credentials (HS256 REST JWT)',
  'client token RS256 JWT, accepted by the emulator',
  'client token RS256 JWT from a non-extractable CryptoKey, accepted',
  'client token HS256 JWT, accepted by the emulator',
  'client token T1, accepted by the emulator',
  'verifyClientToken accepts all three',
  'verifyClientToken refuses another session',
  'verifyCallback accepts a signed callback',
  'verifyCallback refuses a tampered body',
  'timeout: a held request becomes a TimeoutError',
  'retry: a 503 is retried and the call succeeds',
];

const describe = (error) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Calls the emulator's control API (JSON, as it requires). */
async function control(url, method, path, body) {
  const response = await fetch(`${url}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`control ${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const join = (url, sessionId, token) =>
  control(url, 'POST', `/sessions/${encodeURIComponent(sessionId)}/connections`, { token });

/** A PKCS#8 PEM key as a non-extractable Web Crypto key, the form edge code often holds. */
async function importPrivateKey(pem) {
  const base64 = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  const der = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return crypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
}

/** The algorithm named in a JWT's header. */
const jwtAlg = (token) => JSON.parse(atob(token.split('.')[0].replace(/-/g, '+').replace(/_/g, '/'))).alg;

/**
 * Runs every check against the emulator at `config.url`.
 * @param {SmokeConfig} config
 * @returns {Promise<CheckResult[]>}
 */
export async function smoke(config) {
  const { url, vonage, opentok, callback } = config;
  /** @type {CheckResult[]} */
  const results = [];
  const state = {};
  let index = 0;
  const check = async (fn) => {
    const name = CHECK_NAMES[index++];
    try {
      await fn();
      results.push({ name, ok: true });
    } catch (error) {
      results.push({ name, ok: false, error: describe(error) });
    }
  };
  const need = (key) => {
    assert(state[key] !== undefined, `skipped: ${key} is missing (an earlier check failed)`);
    return state[key];
  };

  const appClient = createClient({ ...vonage, baseUrl: url });
  const projectClient = createClient({ ...opentok, baseUrl: url });

  try {
    await control(url, 'DELETE', '/faults');

    await check(async () => {
      const session = await createSession(appClient, { mediaMode: 'routed' });
      assert(typeof session.sessionId === 'string' && session.sessionId.length > 20, `bad sessionId ${session.sessionId}`);
      state.appSession = session.sessionId;
    });
    await check(async () => {
      const session = await createSession(projectClient, {});
      assert(typeof session.sessionId === 'string' && session.sessionId.length > 20, `bad sessionId ${session.sessionId}`);
      state.projectSession = session.sessionId;
    });

    // Each token is checked by independent code: the emulator verifies it (jose, its own T1 code)
    // exactly as a connecting client's, and answers with the role it read.
    await check(async () => {
      const sessionId = need('appSession');
      const token = await generateToken(vonage, sessionId, { role: 'moderator', data: 'runtime=smoke' });
      assert(jwtAlg(token) === 'RS256', `alg ${jwtAlg(token)}`);
      const joined = await join(url, sessionId, token);
      assert(joined.role === 'moderator', `joined as ${joined.role}`);
      state.rs256 = token;
    });
    await check(async () => {
      // A non-extractable CryptoKey must not be handed to KeyObject.from(): DEP0204 on Node 24+ and Bun.
      const sessionId = need('appSession');
      const privateKey = await importPrivateKey(vonage.privateKey);
      const token = await generateToken({ applicationId: vonage.applicationId, privateKey }, sessionId, { role: 'publisher' });
      assert(jwtAlg(token) === 'RS256', `alg ${jwtAlg(token)}`);
      const joined = await join(url, sessionId, token);
      assert(joined.role === 'publisher', `joined as ${joined.role}`);
    });
    await check(async () => {
      const sessionId = need('projectSession');
      const token = await generateToken(opentok, sessionId, { role: 'publisher' });
      assert(jwtAlg(token) === 'HS256', `alg ${jwtAlg(token)}`);
      const joined = await join(url, sessionId, token);
      assert(joined.role === 'publisher', `joined as ${joined.role}`);
      state.hs256 = token;
    });
    await check(async () => {
      const sessionId = need('projectSession');
      const token = await generateToken(opentok, sessionId, { format: 't1', role: 'subscriber' });
      assert(token.startsWith('T1=='), 'not a T1 token');
      const joined = await join(url, sessionId, token);
      assert(joined.role === 'subscriber', `joined as ${joined.role}`);
      state.t1 = token;
    });

    await check(async () => {
      const cases = [
        [need('rs256'), vonage, need('appSession'), 'moderator', 'jwt'],
        [need('hs256'), opentok, need('projectSession'), 'publisher', 'jwt'],
        [need('t1'), opentok, need('projectSession'), 'subscriber', 't1'],
      ];
      for (const [token, credentials, sessionId, role, format] of cases) {
        const claims = await verifyClientToken(token, credentials, { sessionId });
        assert(claims.role === role && claims.sessionId === sessionId, `verified ${claims.role} for ${claims.sessionId}`);
        assert(claims.format === format, `format ${claims.format}`);
        assert(claims.expiresAt instanceof Date && claims.expiresAt.getTime() > Date.now(), 'no future expiry');
      }
      assert(decodeClientToken(need('rs256')).data === 'runtime=smoke', 'connection data lost');
    });
    await check(async () => {
      const other = await createSession(projectClient, {});
      let refused;
      try {
        await verifyClientToken(need('hs256'), opentok, { sessionId: other.sessionId });
      } catch (error) {
        refused = error;
      }
      assert(refused !== undefined, 'a token for another session was accepted');
      assert(isVideoError(refused) && refused.name === 'VideoValidationError' && refused.field === 'token', describe(refused));
      assert(/belongs to session/.test(refused.message), refused.message);
    });

    await check(async () => {
      const event = await verifyCallback(callback.body, callback.authorization, { secret: callback.secret, apiKey: opentok.apiKey });
      assert(event.type === callback.type, `type ${event.type}`);
      assert(event.claims.jti === callback.jti, `jti ${event.claims.jti}`);
      assert(event.claims.issuedAt instanceof Date, 'no issuedAt');
    });
    await check(async () => {
      let refused;
      try {
        await verifyCallback(callback.tamperedBody, callback.authorization, { secret: callback.secret });
      } catch (error) {
        refused = error;
      }
      assert(refused !== undefined, 'a tampered callback was accepted');
      assert(refused.name === 'CallbackVerificationError' && refused.reason === 'hash_mismatch', describe(refused));
    });

    await check(async () => {
      await control(url, 'POST', '/faults', { method: 'POST', path: '/session/create', times: 1, action: { type: 'delay', ms: 3000 } });
      let failed;
      try {
        await createSession(appClient, { timeout: 300, retry: false });
      } catch (error) {
        failed = error;
      }
      assert(failed !== undefined, 'a request held for 3 s did not time out after 300 ms');
      assert(isVideoError(failed, 'timeout') && failed.name === 'TimeoutError', describe(failed));
      await control(url, 'DELETE', '/faults');
    });
    await check(async () => {
      await control(url, 'POST', '/faults', {
        method: 'POST',
        path: '/session/create',
        times: 1,
        action: { type: 'status', status: 503, headers: { 'Retry-After': '0' } },
      });
      let retries = 0;
      const client = createClient({ ...opentok, baseUrl: url }, { onRetry: () => void retries++ });
      const session = await createSession(client, { retry: { maxAttempts: 3, baseDelay: 10 } });
      assert(typeof session.sessionId === 'string', 'no session after the retry');
      assert(retries === 1, `onRetry called ${retries} times`);
      const faults = await control(url, 'GET', '/faults');
      assert(faults.length === 1 && faults[0].fired === 1, `fault fired ${faults[0]?.fired} times`);
    });
  } catch (error) {
    // Only the control API can fail here; the checks not run yet are reported as such.
    while (index < CHECK_NAMES.length) results.push({ name: CHECK_NAMES[index++], ok: false, error: `not run: ${describe(error)}` });
  } finally {
    await control(url, 'DELETE', '/faults').catch(() => {});
  }
  return results;
}
