import { decodeSessionId } from '@video/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { rest, send, startTestEmulator, vonageRestToken, type Rest } from './helpers.js';

let emu: Emulator;
let ot: Rest;
let vg: Rest;

beforeAll(async () => {
  emu = await startTestEmulator();
  ot = rest(emu, 'opentok');
  vg = rest(emu, 'vonage');
});
afterAll(() => emu.stop());

/** Decodes a session ID the way opentok-node does. */
function decode(sessionId: string): string[] {
  return Buffer.from(sessionId.slice(2).replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('ascii').split('~');
}

async function sessionState(sessionId: string) {
  const state = await emu.control.state();
  const session = state.sessions.find((s) => s.sessionId === sessionId);
  if (!session) throw new Error('session missing from state');
  return session;
}

describe('POST /session/create', () => {
  it('answers a JSON array with Accept: application/json and an ID that decodes to the project', async () => {
    const before = Date.now();
    const answer = await ot.createSession({ 'p2p.preference': 'disabled', location: '10.1.1.1' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Array.isArray(answer.json)).toBe(true);
    const [item] = answer.json;
    expect(item).toMatchObject({ project_id: ot.key, partner_id: ot.key, media_server_url: '' });
    expect(item.create_dt).toMatch(/^\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/);
    expect(item.session_id).toMatch(/^1_[A-Za-z0-9_-]+$/);
    const fields = decode(item.session_id);
    expect(fields[0]).toBe('1');
    expect(fields[1]).toBe(ot.key);
    expect(fields[2]).toBe('10.1.1.1');
    expect(Number(fields[3])).toBeGreaterThanOrEqual(before);
    const decoded = decodeSessionId(item.session_id);
    expect(decoded.projectKey).toBe(ot.key);
    expect(decoded.location).toBe('10.1.1.1');
  });

  it('answers XML without the JSON Accept header', async () => {
    const answer = await ot.createSession({}, '*/*');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/xml/);
    const match = /<sessions><Session><session_id>([^<]+)<\/session_id><partner_id>([^<]+)<\/partner_id><create_dt>[^<]+<\/create_dt><\/Session><\/sessions>/.exec(
      answer.text,
    );
    expect(match?.[2]).toBe(ot.key);
    expect(decode(match?.[1] ?? '')[1]).toBe(ot.key);
  });

  it('names the application for Vonage credentials', async () => {
    const answer = await vg.createSession({ archiveMode: 'manual', location: 'null', 'p2p.preference': 'disabled' });
    expect(answer.status).toBe(200);
    expect(answer.json[0]).toMatchObject({ application_id: vg.key, project_id: vg.key });
    expect(decode(answer.json[0].session_id)[1]).toBe(vg.key);
    expect(decode(answer.json[0].session_id)[2]).toBe('');
  });

  it('defaults to routed, manual, no e2ee', async () => {
    const sessionId = (await ot.createSession({})).json[0].session_id;
    expect(await sessionState(sessionId)).toMatchObject({
      mediaMode: 'routed',
      archiveMode: 'manual',
      e2ee: false,
      location: null,
      projectKey: ot.key,
    });
  });

  it('maps p2p.preference enabled and always to relayed', async () => {
    for (const value of ['enabled', 'always']) {
      const sessionId = (await ot.createSession({ 'p2p.preference': value })).json[0].session_id;
      expect((await sessionState(sessionId)).mediaMode).toBe('relayed');
    }
  });

  it('keeps every §5.1 field', async () => {
    const answer = await ot.createSession({
      'p2p.preference': 'disabled',
      archiveMode: 'always',
      archiveName: 'my_daily-show~1',
      archiveResolution: '1280x720',
      location: '192.168.0.7',
    });
    expect(answer.status).toBe(200);
    expect(await sessionState(answer.json[0].session_id)).toMatchObject({
      archiveMode: 'always',
      archiveName: 'my:daily:show:1',
      archiveResolution: '1280x720',
      location: '192.168.0.7',
    });
    const e2ee = await ot.createSession({ 'p2p.preference': 'disabled', e2ee: 'true' });
    expect((await sessionState(e2ee.json[0].session_id)).e2ee).toBe(true);
  });

  it.each([
    [{ 'p2p.preference': 'sometimes' }, /p2p.preference/],
    [{ archiveMode: 'never' }, /archiveMode/],
    [{ archiveMode: 'always', 'p2p.preference': 'enabled' }, /routed/],
    [{ location: '999.1.1.1' }, /IPv4/],
    [{ location: '::1' }, /IPv4/],
    [{ e2ee: 'yes' }, /e2ee/],
    [{ e2ee: 'true', 'p2p.preference': 'enabled' }, /routed/],
    [{ e2ee: 'true', archiveMode: 'always' }, /archiveMode "always"/],
    [{ archiveName: 'x' }, /only be set with archiveMode "always"/],
    [{ archiveMode: 'always', archiveName: 'x'.repeat(81) }, /1 to 80/],
    [{ archiveMode: 'always', archiveName: '' }, /1 to 80/],
    [{ archiveResolution: '1280x720' }, /only be set with archiveMode "always"/],
    [{ archiveMode: 'always', archiveResolution: '800x600' }, /"archiveResolution" must be one of/],
  ])('400 for %o', async (fields, message) => {
    const answer = await ot.createSession(fields as Record<string, string>);
    expect(answer.status).toBe(400);
    expect(answer.json.code).toBe(400);
    expect(answer.json.message).toMatch(message);
  });

  it('400 for a JSON body', async () => {
    const answer = await send(`${emu.url}/session/create`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await vonageRestToken(emu)}`, 'Content-Type': 'application/json' },
      body: '{"archiveMode":"manual"}',
    });
    expect(answer.status).toBe(400);
    expect(answer.json.message).toMatch(/form-urlencoded/);
  });

  it('405 for GET', async () => {
    const answer = await send(`${emu.url}/session/create`);
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST');
  });

  it('creates unique IDs', async () => {
    const ids = await Promise.all([1, 2, 3, 4, 5].map(() => ot.session()));
    expect(new Set(ids).size).toBe(5);
  });
});
