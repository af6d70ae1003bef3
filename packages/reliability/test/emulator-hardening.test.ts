// The emulator as a server that a hostile caller or a web page can reach (red-team findings E1–E3):
// malformed input is a logged 4xx, client tokens are no REST credentials, the control API answers
// only loopback Host names and JSON writes, fault paths are globs that cannot stall it, and the
// request log hides client tokens and SIP passwords unless asked to reveal them.
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRestToken } from '@video/auth';
import { startEmulator, type Emulator } from '@video/emulator';
import { Video } from '@video/server-sdk';
import { suiteResults, watchUnhandled } from './support/results.js';
import { liveSession } from './support/scene.js';

const results = suiteResults('emulator-hardening');
const unhandled = watchUnhandled();
let emu: Emulator;
let opentok: Video;
let vonage: Video;
let apiKey: string;
let applicationId: string;

beforeAll(async () => {
  emu = await startEmulator();
  opentok = new Video({ ...emu.credentials.opentok, baseUrl: emu.url }, { retry: false, timeout: 5000 });
  vonage = new Video({ ...emu.credentials.vonage, baseUrl: emu.url }, { retry: false, timeout: 5000 });
  apiKey = emu.credentials.opentok.apiKey;
  applicationId = emu.credentials.vonage.applicationId;
});
beforeEach(() => emu.control.reset());
afterAll(async () => {
  await emu?.stop();
  unhandled.stop();
  results.write();
});

interface Answer {
  status: number;
  json: { code?: number; message?: string } | undefined;
}

/** One request with exactly these headers (the Host one included), on a fresh connection. */
function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const { hostname, port } = new URL(emu.url);
  const all = body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, headers: all, setHost: !('Host' in headers), agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let json: Answer['json'];
        try {
          json = JSON.parse(text) as Answer['json'];
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const b64u = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('the emulator as a server (E1–E3)', () => {
  it('7: malformed input of the wrong type is a documented 4xx, and every request is logged', async () => {
    const forged = `${b64u({ alg: { toString: 'x' } })}.${b64u({})}.sig`;
    const statuses = [
      (await raw('GET', `/v2/project/${apiKey}/archive`, { 'X-OPENTOK-AUTH': forged })).status,
      (await raw('GET', `/v2/project/${applicationId}/archive`, { Authorization: `Bearer ${forged}` })).status,
    ];
    const scene = await liveSession(opentok, emu);
    const body = JSON.stringify({
      sessionId: scene.sessionId,
      token: scene.tokens[0],
      websocket: { uri: 'wss://example.com/socket', audioTransport: { transport: { toString: 'x' } } },
    });
    const connect = await raw('POST', `/v2/project/${apiKey}/connect`, { 'X-OPENTOK-AUTH': await createRestToken(emu.credentials.opentok), 'Content-Type': 'application/json' }, body);
    statuses.push(connect.status);
    results.results.hostileInputsTried += 3;
    results.results.requestsSeen += 3;
    expect(statuses).toEqual([403, 403, 400]);
    expect(connect.json?.message).toMatch(/audioTransport\.transport/);
    const logged = (await emu.control.requests()).filter((e) => e.path.endsWith('/archive') || e.path.endsWith('/connect'));
    expect(logged.map((e) => e.status)).toEqual([403, 403, 400]);
  });

  it('8: a client token cannot authenticate REST calls (403 saying so); REST tokens still can', async () => {
    const vonageSession = (await vonage.createSession({ mediaMode: 'routed' })).sessionId;
    const opentokSession = (await opentok.createSession({ mediaMode: 'routed' })).sessionId;
    const attempts: [string, string, Record<string, string>][] = [
      ['Vonage subscriber JWT', `/v2/project/${applicationId}/archive`, { Authorization: `Bearer ${await vonage.generateToken(vonageSession, { role: 'subscriber' })}` }],
      ['OpenTok JWT, 2 min', `/v2/project/${apiKey}/archive`, { 'X-OPENTOK-AUTH': await opentok.generateToken(opentokSession, { role: 'subscriber', expiresIn: 120 }) }],
      ['OpenTok T1', `/v2/project/${apiKey}/archive`, { 'X-OPENTOK-AUTH': await opentok.generateToken(opentokSession, { format: 't1' }) }],
    ];
    const outcomes = [];
    for (const [name, path, headers] of attempts) {
      const answer = await raw('GET', path, headers);
      outcomes.push({ name, status: answer.status, explained: /client token cannot authenticate REST calls/.test(answer.json?.message ?? '') });
    }
    const signal = await raw(
      'POST',
      `/v2/project/${applicationId}/session/${vonageSession}/signal`,
      { ...attempts[0]![2], 'Content-Type': 'application/json' },
      '{"type":"x","data":"sent with a subscriber token"}',
    );
    results.results.hostileInputsTried += attempts.length + 1;
    results.results.requestsSeen += attempts.length + 1;
    expect(outcomes).toEqual(attempts.map(([name]) => ({ name, status: 403, explained: true })));
    expect(signal.status).toBe(403);
    expect(await emu.control.signals()).toEqual([]);
    // The SDK's own REST tokens are untouched.
    expect((await vonage.listArchives()).totalCount).toBe(0);
    expect((await opentok.listArchives()).totalCount).toBe(0);
  });

  it('9-host: the control API answers only loopback Host names (DNS rebinding gets a 403)', async () => {
    const sessionId = (await opentok.createSession({ mediaMode: 'routed' })).sessionId;
    const token = await opentok.generateToken(sessionId);
    const rebound = { Host: `rebound.attacker.example:${new URL(emu.url).port}`, Origin: 'http://rebound.attacker.example', 'Content-Type': 'application/json' };
    const answers = [
      await raw('GET', '/_emulator/state', rebound),
      await raw('GET', '/_emulator/requests', rebound),
      await raw('POST', `/_emulator/sessions/${sessionId}/connections`, rebound, JSON.stringify({ token })),
      await raw('POST', '/_emulator/reset', rebound, '{}'),
    ];
    results.results.hostileInputsTried += answers.length;
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403]);
    expect(answers[0]?.json?.message).toMatch(/Host "rebound\.attacker\.example:\d+" is not allowed on the control API/);
    expect((await emu.control.state()).sessions.map((s) => s.connections.length)).toEqual([0]);
    for (const host of ['localhost', `127.0.0.1:${new URL(emu.url).port}`, '[::1]:1']) {
      expect({ host, status: (await raw('GET', '/_emulator/health', { Host: host })).status }).toEqual({ host, status: 200 });
    }
  });

  it('9-content-type: control writes need Content-Type application/json (a cross-site simple POST gets 415)', async () => {
    const sessionId = (await opentok.createSession({ mediaMode: 'routed' })).sessionId;
    const token = await opentok.generateToken(sessionId);
    const writes: [string, string][] = [
      [`/_emulator/sessions/${sessionId}/connections`, JSON.stringify({ token })],
      ['/_emulator/faults', JSON.stringify({ times: 0, action: { type: 'status', status: 500 } })],
      ['/_emulator/reset', 'x'],
    ];
    const statuses: number[] = [];
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=b']) {
      for (const [path, body] of writes) statuses.push((await raw('POST', path, { 'Content-Type': contentType }, body)).status);
    }
    results.results.hostileInputsTried += statuses.length;
    expect(statuses).toEqual(Array(statuses.length).fill(415));
    expect((await emu.control.state()).sessions).toHaveLength(1);
    expect((await emu.control.state()).sessions[0]?.connections).toEqual([]);
    expect(await emu.control.faults()).toEqual([]);
  });

  it('9-fault-glob-not-regex-and-fast: a regex path is a 400 naming the new format; a glob matches its route in linear time', async () => {
    const regex = await raw('POST', '/_emulator/faults', { 'Content-Type': 'application/json' }, JSON.stringify({ path: '^/(a+)+$', times: 0, action: { type: 'status', status: 500 } }));
    expect(regex.status).toBe(400);
    expect(regex.json?.message).toMatch(/no longer regular expressions.*glob/);
    await emu.control.injectFault({ method: 'GET', path: '**/archive', times: 0, action: { type: 'status', status: 503 } });
    await emu.control.injectFault({ path: `/${'**a'.repeat(40)}**b`, times: 0, action: { type: 'status', status: 418 } });
    results.results.faultsTried += 2;
    const started = Date.now();
    const long = await raw('GET', `/${'a'.repeat(10_000)}!`, {});
    const elapsed = Date.now() - started;
    results.results.notes.push(`emulator: a 10 000 character path against a 123 character glob answered in ${elapsed} ms`);
    expect(long.status).toBe(404);
    expect(elapsed).toBeLessThan(1000);
    await expect(opentok.listArchives()).rejects.toMatchObject({ status: 503 });
    await expect(opentok.getArchive('00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({ status: 404 });
    results.results.requestsSeen += 3;
  });

  it('9-log-redaction: the request log hides client tokens and SIP passwords unless revealSecrets, in linear time', async () => {
    const scene = await liveSession(vonage, emu);
    const password = 'SIP-PASSWORD-123';
    await vonage.dial(scene.sessionId, { token: scene.tokens[0]!, uri: 'sip:user@example.com', auth: { username: 'user', password } });
    const hidden = JSON.stringify(await emu.control.requests());
    const found = [scene.tokens[0]!, password].filter((secret) => hidden.includes(secret));
    results.results.leaksFound += found.length;
    expect(found).toEqual([]);
    const revealed = JSON.stringify(await emu.control.requests({ revealSecrets: true }));
    expect([revealed.includes(scene.tokens[0]!), revealed.includes(password)]).toEqual([true, true]);
    // 1 MB of `eyJ`: a backtracking token pattern would take minutes over it.
    const started = Date.now();
    const big = await raw('POST', `/v2/project/${apiKey}/archive`, { 'X-OPENTOK-AUTH': await createRestToken(emu.credentials.opentok), 'Content-Type': 'text/plain' }, 'eyJ'.repeat(333_333));
    const log = await emu.control.requests();
    const elapsed = Date.now() - started;
    results.results.hostileInputsTried += 1;
    results.results.notes.push(`emulator: a 1 MB body of "eyJ" was answered and the log read in ${elapsed} ms`);
    expect(big.status).toBe(400);
    expect(log.at(-1)?.rawBody).toHaveLength(999_999);
    expect(elapsed).toBeLessThan(3000);
  });

  it('no unhandled rejection', () => {
    expect(unhandled.seen.map(String)).toEqual([]);
  });
});
