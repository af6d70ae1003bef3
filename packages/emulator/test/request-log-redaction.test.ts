// GET /_emulator/requests hides client tokens and passwords unless asked to reveal them, and
// finds them in linear time whatever the body holds.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { REDACTED, redactTokens, redactValue } from '../src/log-redaction.js';
import { clientToken, liveSession, rest, send, startTestEmulator, t1Token, vonageRestToken, type Rest } from './helpers.js';

let emu: Emulator;
let ot: Rest;
let vg: Rest;

beforeAll(async () => {
  emu = await startTestEmulator();
  ot = rest(emu, 'opentok');
  vg = rest(emu, 'vonage');
});
beforeEach(() => emu.control.reset());
afterAll(() => emu.stop());

const PASSWORD = 'SIP-PASSWORD-123';

describe('the request log hides secrets by default', () => {
  it('a dial body: the client token and the SIP password, in body and rawBody', async () => {
    const { sessionId } = await liveSession(emu, vg);
    const token = await clientToken(emu, 'vonage', sessionId, { role: 'moderator' });
    await emu.control.clearRequests();
    const sip = { uri: 'sip:user@example.com', auth: { username: 'user', password: PASSWORD } };
    expect((await vg.call('POST', '/dial', { sessionId, token, sip })).status).toBe(200);
    const [entry] = await emu.control.requests();
    expect(entry?.body).toEqual({ sessionId, token: REDACTED, sip: { uri: 'sip:user@example.com', auth: { username: 'user', password: REDACTED } } });
    expect(JSON.parse(entry?.rawBody ?? '')).toEqual(entry?.body);
    const text = JSON.stringify(await emu.control.requests());
    expect(text).not.toContain(token);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(token.split('.')[2]);
  });

  it('revealSecrets (and ?reveal=secrets) shows them as they arrived', async () => {
    const { sessionId } = await liveSession(emu, vg);
    const token = await clientToken(emu, 'vonage', sessionId, { role: 'moderator' });
    await emu.control.clearRequests();
    const rawBody = JSON.stringify({ sessionId, token, sip: { uri: 'sip:user@example.com', auth: { username: 'user', password: PASSWORD } } });
    await vg.call('POST', '/dial', rawBody);
    const [entry] = await emu.control.requests({ revealSecrets: true });
    expect(entry?.rawBody).toBe(rawBody);
    expect(entry?.body).toEqual(JSON.parse(rawBody));
    const [viaQuery] = (await send(`${emu.url}/_emulator/requests?reveal=secrets`)).json;
    expect(viaQuery.rawBody).toBe(rawBody);
    // REST auth headers are never kept, revealed or not.
    expect(entry?.headers['authorization']).toBe(REDACTED);
  });

  it('400 for an unknown reveal value', async () => {
    const answer = await send(`${emu.url}/_emulator/requests?reveal=all`);
    expect(answer.status).toBe(400);
    expect(answer.json.message).toMatch(/"reveal" must be "secrets"/);
  });

  it('tokens of every format in Audio Connector, render and captions bodies', async () => {
    const { sessionId } = await liveSession(emu, ot);
    const jwt = await clientToken(emu, 'opentok', sessionId, { role: 'moderator' });
    const t1 = t1Token(emu.credentials.opentok.apiKey, emu.credentials.opentok.apiSecret, sessionId, { role: 'moderator' });
    await emu.control.clearRequests();
    const shortJwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    await ot.call('POST', '/connect', { sessionId, token: t1, websocket: { uri: 'wss://example.com/socket', headers: { 'X-Auth': shortJwt } } });
    await ot.call('POST', '/render', { sessionId, token: jwt, url: `https://example.com/page?t=${t1}` });
    await ot.call('POST', '/captions', { sessionId, token: jwt, statusCallbackUrl: `https://example.com/cb?jwt=${jwt}` });
    const log = await emu.control.requests();
    expect(log.map((e) => e.status)).toEqual([200, 202, 202]);
    const text = JSON.stringify(log);
    for (const secret of [jwt, t1, shortJwt, t1.slice(4, 40), jwt.split('.')[1]]) expect(text).not.toContain(secret);
    expect(log[0]?.body).toMatchObject({ token: REDACTED, websocket: { headers: { 'X-Auth': REDACTED } } });
    expect(log[1]?.body).toMatchObject({ token: REDACTED, url: `https://example.com/page?t=${REDACTED}` });
    expect(log[2]?.body).toMatchObject({ token: REDACTED, statusCallbackUrl: `https://example.com/cb?jwt=${REDACTED}` });
  });

  it('password and token keys at any depth and in any case; empty and null ones stay', async () => {
    await ot.call('POST', '/archive', {
      Password: 'a',
      nested: [{ deeper: { PASSWORD: 'b', token: 42 } }],
      token: '',
      other: { password: null },
      plain: 'kept',
    });
    const [entry] = await emu.control.requests();
    expect(entry?.body).toEqual({
      Password: REDACTED,
      nested: [{ deeper: { PASSWORD: REDACTED, token: REDACTED } }],
      token: '',
      other: { password: null },
      plain: 'kept',
    });
  });

  it('form fields, query parameters, text bodies and other headers', async () => {
    const sessionId = await ot.session();
    const jwt = await clientToken(emu, 'opentok', sessionId);
    await emu.control.clearRequests();
    await send(`${emu.url}/session/create?token=${encodeURIComponent(jwt)}&x=1`, { method: 'POST' });
    await ot.createSession({ 'p2p.preference': 'disabled', password: PASSWORD, note: `see ${jwt}` });
    await ot.call('POST', '/archive', `token ${jwt} in text`, { 'Content-Type': 'text/plain', 'X-Forwarded-Token': jwt });
    const [query, form, text] = await emu.control.requests();
    expect(query?.query).toEqual({ token: REDACTED, x: '1' });
    expect(form?.body).toEqual({ 'p2p.preference': 'disabled', password: REDACTED, note: `see ${REDACTED}` });
    expect(Object.fromEntries(new URLSearchParams(form?.rawBody))).toEqual(form?.body);
    expect(text?.body).toBe(`token ${REDACTED} in text`);
    expect(text?.rawBody).toBe(`token ${REDACTED} in text`);
    expect(text?.headers['x-forwarded-token']).toBe(REDACTED);
    expect(JSON.stringify([query, form, text])).not.toContain(PASSWORD);
  });

  it('an entry without secrets is shown exactly as it arrived', async () => {
    const rawBody = '{ "sessionId" : "x",\n  "name": "eyJ is not a token, T1== neither" }';
    await ot.call('POST', '/archive', rawBody);
    const [entry] = await emu.control.requests();
    expect(entry?.rawBody).toBe(rawBody);
    expect(entry?.body).toEqual(JSON.parse(rawBody));
    expect(await emu.control.requests()).toEqual(await emu.control.requests({ revealSecrets: true }));
  });

  it('a __proto__ key stays a plain key', async () => {
    await ot.call('POST', '/archive', '{"__proto__":{"password":"p","polluted":true},"token":"t"}');
    const [entry] = await emu.control.requests();
    const body = entry?.body as Record<string, unknown>;
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(body['polluted']).toBeUndefined();
    expect(JSON.parse(entry?.rawBody ?? '')).toEqual(JSON.parse('{"__proto__":{"password":"[redacted]","polluted":true},"token":"[redacted]"}'));
  });

  it('the REST token that authenticated a call is never in the log', async () => {
    const token = await vonageRestToken(emu);
    await send(`${emu.url}/v2/project/${vg.key}/archive`, { headers: { Authorization: `Bearer ${token}` } });
    expect(JSON.stringify(await emu.control.requests({ revealSecrets: true }))).not.toContain(token);
  });
});

describe('redaction is linear', () => {
  it.each([
    ['eyJ repeated', 'eyJ'],
    ['eyJ. repeated', 'eyJ.'],
    ['eyJa.b repeated', 'eyJa.b!'],
    ['T1== repeated', 'T1=='],
    ['T1 then eyJ', 'T1eyJ'],
  ])('a 1 MB body of %s: answered and logged at once', async (_name, unit) => {
    const body = unit.repeat(Math.ceil(1_000_000 / unit.length)).slice(0, 1_000_000);
    const started = Date.now();
    const answer = await ot.call('POST', '/archive', JSON.stringify({ sessionId: 'x', name: body }));
    expect(answer.status).toBe(400);
    const log = await emu.control.requests();
    expect(log).toHaveLength(1);
    await ot.call('POST', '/archive', body, { 'Content-Type': 'text/plain' });
    expect(await emu.control.requests()).toHaveLength(2);
    // A quadratic scan took 4 s for 60 000 characters; a linear one needs milliseconds for 1 MB.
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('finds the shapes that the old pattern found', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln';
    expect(redactTokens(`a ${jwt} b`)).toBe(`a ${REDACTED} b`);
    expect(redactTokens(`x${jwt}`)).toBe(`x${REDACTED}`);
    expect(redactTokens('eyJa.b.')).toBe(REDACTED);
    expect(redactTokens('eyJa..c')).toBe('eyJa..c');
    expect(redactTokens('eyJabc')).toBe('eyJabc');
    expect(redactTokens(`eyJaT1==QUJDREVGR0hJSktM`)).toBe(`eyJa${REDACTED}`);
    expect(redactTokens('T1==shortish1 x')).toBe(`${REDACTED} x`);
    expect(redactTokens('T1==abc')).toBe('T1==abc');
    expect(redactTokens(`${jwt},${jwt}`)).toBe(`${REDACTED},${REDACTED}`);
  });

  it('redactValue walks a body nested as deeply as JSON allows', () => {
    let deep: unknown = { password: 'p' };
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    const { value, changed } = redactValue(deep);
    expect(changed).toBe(true);
    let inner = value;
    for (let i = 0; i < 100_000; i += 1) inner = (inner as unknown[])[0];
    expect(inner).toEqual({ password: REDACTED });
  });
});
