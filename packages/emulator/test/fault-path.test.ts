// A fault's `path`: a literal (exact), a literal prefix ending in `/`, a glob (`*` within a
// segment, `**` across segments), or a literal anchored like the old regular expressions (`^…`,
// `…$`). Never a regular expression: a user pattern such as `^/(a+)+$` used to stall the whole
// emulator for seconds.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileFaultPath, MAX_FAULT_PATH_LENGTH } from '../src/fault-path.js';
import { ApiError } from '../src/errors.js';
import type { Emulator } from '../src/index.js';
import { rest, send, startTestEmulator, type Rest } from './helpers.js';

let emu: Emulator;
let ot: Rest;

beforeAll(async () => {
  emu = await startTestEmulator();
  ot = rest(emu, 'opentok');
});
beforeEach(() => emu.control.reset());
afterAll(() => emu.stop());

const K = '/v2/project/1234';

describe('matching rules', () => {
  it.each<[string, string[], string[]]>([
    ['/session/create', ['/session/create'], ['/session/create/', '/session/created', '/x/session/create']],
    [`${K}/archive/`, [`${K}/archive/a1`, `${K}/archive/a1/stop`, `${K}/archive/`], [`${K}/archive`, `${K}/archived/a1`]],
    ['**/archive', [`${K}/archive`, '/archive'], [`${K}/archive/a1`, `${K}/archived`, `${K}/myarchive`]],
    ['**archive', [`${K}/archive`, `${K}/myarchive`], [`${K}/archive/a1`]],
    [`${K}/archive/*`, [`${K}/archive/a1`, `${K}/archive/`], [`${K}/archive/a1/stop`, `${K}/archive`]],
    ['/v2/project/*/archive/*/stop', [`${K}/archive/a1/stop`, '/v2/project/abc/archive/x/stop'], [`${K}/archive/a1/b/stop`, `${K}/archive/a1/stopped`]],
    ['/v2/**/stop', [`${K}/archive/a1/stop`, `${K}/broadcast/b/stop`, '/v2/stop'], [`${K}/archive/a1/stop/x`, '/v3/stop']],
    ['/v2/**', [`${K}/archive`, '/v2/', '/v2/x/y/z'], ['/v2', '/v3/x']],
    ['**', ['/', `${K}/archive/a1`], []],
    [`${K}/session/*/connection/*/signal`, [`${K}/session/1_MX4x/connection/c1/signal`], [`${K}/session/1_MX4x/signal`]],
    ['/v2/project/a*b*c', ['/v2/project/abc', '/v2/project/aXbYc', '/v2/project/abbbc'], ['/v2/project/ab/c', '/v2/project/acb']],
    ['/*', ['/x', '/'], ['/x/y']],
    ['/archive$', [`${K}/archive`, '/archive'], [`${K}/archive/a1`, `${K}/myarchive/x`]],
    ['^/v2/project/', [`${K}/archive`], ['/session/create', '/x/v2/project/']],
    ['^/session/create$', ['/session/create'], ['/session/create/x', '/x/session/create']],
  ])('%s', (pattern, matching, other) => {
    const matches = compileFaultPath(pattern)!;
    for (const path of matching) expect({ path, matches: matches(path) }).toEqual({ path, matches: true });
    for (const path of other) expect({ path, matches: matches(path) }).toEqual({ path, matches: false });
  });

  it('without a path, every path', () => {
    expect(compileFaultPath(undefined)).toBeUndefined();
  });

  it('matches the raw, still percent-encoded path', async () => {
    await emu.control.injectFault({ path: `/v2/project/${ot.key}/archive/a%2Fb`, action: { type: 'status', status: 418 } });
    expect((await ot.call('GET', '/archive/a/b')).status).toBe(404);
    expect((await ot.call('GET', '/archive/a%2Fb')).status).toBe(418);
  });
});

describe('over HTTP', () => {
  it('a glob fires on its route only', async () => {
    const sessionId = await ot.session();
    await emu.control.injectFault({ method: 'GET', path: '**/archive', times: 0, action: { type: 'status', status: 503 } });
    expect((await ot.call('GET', '/archive')).status).toBe(503);
    expect((await ot.call('GET', '/archive/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await ot.call('GET', `/session/${sessionId}/stream`)).status).toBe(200);
  });

  it('a literal prefix fires on everything below it', async () => {
    await emu.control.injectFault({ path: `/v2/project/${ot.key}/archive/`, times: 0, action: { type: 'status', status: 503 } });
    expect((await ot.call('GET', '/archive/a1')).status).toBe(503);
    expect((await ot.call('POST', '/archive/a1/stop', {})).status).toBe(503);
    expect((await ot.call('GET', '/archive')).status).toBe(200);
  });

  it('a literal path fires on that path only', async () => {
    await emu.control.injectFault({ path: `/v2/project/${ot.key}/archive`, times: 0, action: { type: 'status', status: 503 } });
    expect((await ot.call('GET', '/archive')).status).toBe(503);
    expect((await ot.call('GET', '/archive/a1')).status).toBe(404);
  });

  it('GET /_emulator/faults shows the path as given', async () => {
    await emu.control.injectFault({ path: '**/archive/*/stop', action: { type: 'drop' } });
    expect((await emu.control.faults()).map((f) => f.path)).toEqual(['**/archive/*/stop']);
  });
});

describe('refused paths', () => {
  it.each([
    '^/(a+)+$',
    '/archive/.*$',
    '^/session/(create)',
    '/archive/.*',
    '/archive/.+/stop',
    '/a|/b',
    '/archive/[0-9a-f]+',
    '/x\\d',
    '/(a)',
    '/a{2}',
    '/archive/?',
  ])('%s looks like a regular expression: 400 explaining the new format', async (path) => {
    const answer = await send(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ path, action: { type: 'drop' } }),
    });
    expect(answer.status).toBe(400);
    expect(answer.json.message).toMatch(/looks like a regular expression; fault paths are no longer regular expressions/);
    expect(answer.json.message).toMatch(/literal path.*literal prefix ending in "\/".*glob/);
    expect(await emu.control.faults()).toEqual([]);
  });

  it.each(['/connection/', '/archive', '/render/*', '^/archive'])(
    '%s can match no API path (it would never fire): 400 saying how to match it anywhere',
    (path) => {
      expect(() => compileFaultPath(path)).toThrow(/can match no API path.*\*\*/);
    },
  );

  it.each<[unknown, RegExp]>([
    ['archive', /must start with "\/" or "\*\*"/],
    ['', /must start with/],
    [42, /must be a string/],
    [null, /must be a string/],
    [`/${'a'.repeat(MAX_FAULT_PATH_LENGTH)}`, /at most 512 characters/],
  ])('%j: 400', (path, message) => {
    expect(() => compileFaultPath(path)).toThrow(ApiError);
    expect(() => compileFaultPath(path)).toThrow(message);
  });
});

describe('cost', () => {
  it('a glob against a 10 000 character path answers well under a second', async () => {
    // The old `^/(a+)+$` needed about a second at 25 characters, doubling with each one more.
    const stars = `/${'**a'.repeat(40)}**b`;
    await emu.control.injectFault({ path: stars, times: 0, action: { type: 'status', status: 418 } });
    await emu.control.injectFault({ path: `/${'*a'.repeat(100)}*b`, times: 0, action: { type: 'status', status: 418 } });
    const started = Date.now();
    const answer = await send(`${emu.url}/${'a'.repeat(10_000)}!`);
    const elapsed = Date.now() - started;
    expect(answer.status).toBe(404);
    expect(elapsed).toBeLessThan(1000);
    expect((await send(`${emu.url}/${'a'.repeat(200)}b`)).status).toBe(418);
  });

  it('the longest pattern of the worst shape against a 10 000 character path: bounded work', () => {
    const pattern = `/${'*a'.repeat((MAX_FAULT_PATH_LENGTH - 3) / 2)}*b`.slice(0, MAX_FAULT_PATH_LENGTH);
    const matches = compileFaultPath(pattern)!;
    const started = Date.now();
    expect(matches(`/${'a'.repeat(10_000)}`)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
