// A client token lets a browser join one session; it must never authenticate a REST call, even
// when it is validly signed with the project's own key or secret and passes every time check.
import { createRestToken } from '@video/auth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import {
  clientToken,
  now,
  opentokClientToken,
  opentokRestToken,
  rest,
  send,
  startTestEmulator,
  t1Token,
  vonageRestToken,
  type Rest,
} from './helpers.js';

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

const REFUSED = /client token cannot authenticate REST calls/;
const ROLES = ['subscriber', 'publisher', 'publisheronly', 'moderator'];

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const opentok = (token: string) => ({ 'X-OPENTOK-AUTH': token });

async function expectRefused(path: string, headers: Record<string, string>, init: { method?: string; body?: string } = {}) {
  const answer = await send(`${emu.url}${path}`, {
    ...init,
    headers: { ...headers, ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
  });
  expect({ status: answer.status, message: answer.json?.message }).toEqual({ status: 403, message: expect.stringMatching(REFUSED) });
  return answer;
}

describe('client tokens presented as REST credentials', () => {
  it.each(ROLES)('a Vonage %s client JWT as Bearer: 403 on list, signal and session creation', async (role) => {
    const sessionId = await vg.session();
    const token = await clientToken(emu, 'vonage', sessionId, { role });
    await expectRefused(`/v2/project/${vg.key}/archive`, bearer(token));
    await expectRefused(`/v2/project/${vg.key}/session/${sessionId}/signal`, bearer(token), { method: 'POST', body: '{"type":"x","data":"y"}' });
    await expectRefused('/session/create', bearer(token), { method: 'POST', body: '' });
    expect(await emu.control.signals()).toEqual([]);
  });

  it.each(ROLES)('an OpenTok %s client JWT with a REST-sized lifetime as X-OPENTOK-AUTH: 403', async (role) => {
    const sessionId = await ot.session();
    const { apiKey, apiSecret } = emu.credentials.opentok;
    const token = await opentokClientToken(apiKey, apiSecret, sessionId, { role, expireTime: now() + 120 });
    await expectRefused(`/v2/project/${ot.key}/archive`, opentok(token));
    await expectRefused(`/v2/project/${ot.key}/session/${sessionId}/signal`, opentok(token), { method: 'POST', body: '{"type":"x","data":"y"}' });
  });

  it('a legacy T1 token on either header: 403 naming it', async () => {
    const sessionId = await ot.session();
    const token = t1Token(emu.credentials.opentok.apiKey, emu.credentials.opentok.apiSecret, sessionId);
    const answer = await expectRefused(`/v2/project/${ot.key}/archive`, opentok(token));
    expect(answer.json.message).toMatch(/legacy T1/);
    await expectRefused(`/v2/project/${ot.key}/archive`, bearer(token));
  });

  it('a validly signed REST token that also carries scope or session_id: 403 naming the claim', async () => {
    for (const claim of ['scope', 'session_id']) {
      const otAnswer = await expectRefused(`/v2/project/${ot.key}/archive`, opentok(await opentokRestToken(emu, { claims: { [claim]: 'session.connect' } })));
      expect(otAnswer.json.message).toContain(`"${claim}"`);
      await expectRefused(`/v2/project/${vg.key}/archive`, bearer(await vonageRestToken(emu, { claims: { [claim]: 'x' } })));
    }
  });

  it('a Vonage client token without sub and acl (as Vonage Java signs them) is refused too', async () => {
    const sessionId = await vg.session();
    const token = await vonageRestToken(emu, { claims: { scope: 'session.connect', session_id: sessionId, role: 'publisher' } });
    // It joins, so it is a client token...
    expect((await emu.control.join(sessionId, token)).role).toBe('publisher');
    // ...and so it is no REST credential.
    await expectRefused(`/v2/project/${vg.key}/archive`, bearer(token));
  });

  it('every refusal is in the request log with its status', async () => {
    const sessionId = await vg.session();
    await emu.control.clearRequests();
    await send(`${emu.url}/v2/project/${vg.key}/archive`, { headers: bearer(await clientToken(emu, 'vonage', sessionId)) });
    const [entry] = await emu.control.requests();
    expect(entry).toMatchObject({ path: `/v2/project/${vg.key}/archive`, status: 403, auth: { scheme: 'bearer', alg: 'RS256' } });
    expect(entry?.auth?.claims).toHaveProperty('scope', 'session.connect');
  });
});

describe('REST tokens still work', () => {
  it('the tokens @video/auth signs, for both credential kinds', async () => {
    const answers = await Promise.all([
      send(`${emu.url}/v2/project/${ot.key}/archive`, { headers: opentok(await createRestToken(emu.credentials.opentok)) }),
      send(`${emu.url}/v2/project/${vg.key}/archive`, { headers: bearer(await createRestToken(emu.credentials.vonage)) }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
  });

  it('a Vonage application JWT with sub and acl (as other Vonage APIs use) is still a REST token', async () => {
    const token = await vonageRestToken(emu, { claims: { sub: 'video', acl: { paths: { '/*/video/**': {} } } } });
    expect((await send(`${emu.url}/v2/project/${vg.key}/archive`, { headers: bearer(token) })).status).toBe(200);
  });

  it('client tokens still join sessions', async () => {
    const sessionId = await vg.session();
    const joined = await emu.control.join(sessionId, await clientToken(emu, 'vonage', sessionId, { role: 'subscriber' }));
    expect(joined.role).toBe('subscriber');
  });
});
