// The dashboard in a real headless Chromium (Debian's `chromium`, driven by playwright-core): one
// browser and one page for the file, the official @vonage/video SDK on the other side. Screenshots
// of the main views go to packages/emulator/.screenshots/ (gitignored) for a person to look at.
import { mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { Video } from '@vonage/video';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { ensureChromium } from './browser/chromium.js';
import { startReceiver, type Receiver } from './callback-receiver.js';
import { startTestEmulator } from './helpers.js';

const SHOTS = new URL('../.screenshots/', import.meta.url).pathname;
const SECRET = 'dashboard-signature-secret';

let browser: Browser;
let page: Page;
let emu: Emulator;
let video: Video;
let receiver: Receiver;
const consoleErrors: string[] = [];

// The apt install of a clean machine takes minutes: this hook alone gets a long timeout.
beforeAll(async () => {
  const executablePath = await ensureChromium();
  mkdirSync(SHOTS, { recursive: true });
  receiver = await startReceiver();
  emu = await startTestEmulator({ callbacks: { url: `${receiver.url}/hook`, secret: SECRET } });
  video = new Video(
    { applicationId: emu.credentials.vonage.applicationId, privateKey: emu.credentials.vonage.privateKey },
    { videoHost: emu.url },
  );
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
}, 15 * 60_000);

afterAll(async () => {
  await browser?.close();
  await emu?.stop();
  await receiver?.close();
});

const ui = (): string => `${emu.url}/_emulator/ui`;
const plain = (value: unknown): any => value;

async function view(name: string): Promise<void> {
  await page.getByRole('link', { name, exact: true }).click();
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

describe('the dashboard in Chromium', () => {
  it('loads with a strict CSP and no console errors, and answers only loopback Host names', async () => {
    const answer = await page.goto(ui());
    expect(answer?.status()).toBe(200);
    const csp = answer?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    await expect.poll(() => page.locator('#live-text').textContent()).toMatch(/^Live/);
    expect(consoleErrors).toEqual([]);
    // The keyboard's first stop is the skip link, and it leads to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    // Nothing left the emulator's origin, and the browser asked the REST API for nothing.
    expect(await emu.control.requests()).toEqual([]);

    const status = await new Promise<number | undefined>((resolve, reject) => {
      const url = new URL(ui());
      request({ host: url.hostname, port: url.port, path: url.pathname, headers: { Host: 'rebound.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
  });

  it('shows a session created through the SDK without a reload', async () => {
    const { sessionId } = await video.createSession({});
    const card = page.locator(`[data-session-id="${sessionId}"]`);
    await expect.poll(() => card.count()).toBe(1);
    const text = await card.textContent();
    expect(text).toContain('routed');
    expect(text).toContain('manual');
  });

  it('joins a client and publishes a stream from the page, and the SDK sees them', async () => {
    const { sessionId } = await video.createSession({});
    const token = video.generateClientToken(sessionId, { role: 'publisher', data: 'name=Ada' });
    await view('Actions');
    await expect.poll(() => page.locator('#join-form select[name=sessionId] option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))).toContain(sessionId);
    const join = page.locator('#join-form');
    await join.getByLabel('Session').selectOption(sessionId);
    await join.getByLabel('Client token').fill(token);
    await join.getByRole('button', { name: 'Join', exact: true }).click();
    await expect.poll(() => page.locator('#action-result').textContent()).toMatch(/^Joined: connection /);
    const connectionId = /connection (\S+)/.exec((await page.locator('#action-result').textContent()) ?? '')?.[1] ?? '';
    const state = await emu.control.state();
    expect(state.sessions.find((s) => s.sessionId === sessionId)?.connections).toMatchObject([{ connectionId, role: 'publisher', data: 'name=Ada' }]);

    const publish = page.locator('#publish-form');
    await publish.getByLabel('Connection').selectOption(`${sessionId}\n${connectionId}`);
    await publish.getByLabel('Stream name').fill('from the page');
    await publish.getByLabel('Video type').selectOption('screen');
    await publish.getByLabel('Layout classes').fill('full focus');
    await publish.getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => page.locator('#action-result').textContent()).toMatch(/^Published: stream /);
    const streams = plain(await video.getStreamInfo(sessionId));
    expect(streams.count).toBe(1);
    expect(streams.items[0]).toMatchObject({ name: 'from the page', videoType: 'screen', layoutClassList: ['full', 'focus'] });
    await shot('actions-1280');

    await view('Sessions');
    const card = page.locator(`[data-session-id="${sessionId}"]`);
    await expect.poll(() => card.textContent()).toContain('from the page');
    await shot('sessions-1280');
  });

  it('lists a request made by the SDK, with its exact body, and shows hostile text as text', async () => {
    await video.createSession({ location: '10.1.200.30' } as any);
    // An unauthenticated request whose body is markup: a 401, highlighted, shown literally.
    const hostile = '<img src=x id=pwned onerror="document.title=1"><script>document.title=2</script>';
    await fetch(`${emu.url}/v2/project/${emu.credentials.vonage.applicationId}/archive`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sessionId: hostile }),
    });
    const log = await emu.control.requests();
    const create = log.filter((e) => e.path === '/session/create').at(-1)!;
    await view('Requests');
    const card = page.locator(`#requests-list li[data-seq="${create.seq}"]`);
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.locator('pre.body').textContent()).toBe(create.rawBody);
    expect(create.rawBody).toContain('location=10.1.200.30');

    const failed = page.locator('#requests-list li.error').first();
    expect(await failed.locator('pre.body').textContent()).toBe(JSON.stringify({ sessionId: hostile }));
    expect(await failed.locator('.error-message').textContent()).toMatch(/^Error: /);
    expect(await page.locator('#pwned').count()).toBe(0);
    expect(await page.title()).toBe('Video API emulator');
    // Newest first.
    const seqs = await page.locator('#requests-list li').evaluateAll((items) => items.map((i) => Number(i.getAttribute('data-seq'))));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));

    const filters = page.locator('#requests .filters');
    await filters.getByLabel('Operation').selectOption('POST /session/create');
    await filters.getByLabel('Status').selectOption('failed');
    expect(await page.locator('#requests-list li').count()).toBe(0);
    await filters.getByLabel('Status').selectOption('2xx');
    expect(await page.locator('#requests-list li').count()).toBe(log.filter((e) => e.path === '/session/create').length);
    await filters.getByLabel('Operation').selectOption('');
    await filters.getByLabel('Status').selectOption('');
    await shot('requests-1280');
  });

  it('injects a fault from the page that makes the next SDK call fail as configured', async () => {
    await view('Actions');
    const form = page.locator('#fault-form');
    await form.getByLabel('Method').selectOption('POST');
    await form.getByLabel('Path').fill('/session/create');
    await form.getByLabel('Action').selectOption('status');
    await form.getByLabel('Status (for a status or HTML fault)').fill('409');
    await form.getByLabel('Message (optional)').fill('Refused by the dashboard');
    await form.getByRole('button', { name: 'Inject' }).click();
    await expect.poll(() => page.locator('#action-result').textContent()).toMatch(/^Injected fault /);
    expect(await emu.control.faults()).toMatchObject([{ method: 'POST', path: '/session/create', times: 1, action: { type: 'status', status: 409 } }]);

    const error = plain(await video.createSession({}).then(() => undefined, (e: unknown) => e));
    expect(error).toBeDefined();
    expect(JSON.stringify({ message: error.message, status: error.response?.status })).toMatch(/409/);
    // Once only: the next call goes through.
    await expect(video.createSession({})).resolves.toMatchObject({ sessionId: expect.any(String) });

    await view('Requests');
    await expect.poll(() => page.locator('#requests-list li.error .error-message').allTextContents()).toContainEqual(
      expect.stringContaining('Refused by the dashboard'),
    );
  });

  it('shows a delivered callback with its attempts and signature', async () => {
    const { sessionId } = await video.createSession({});
    const before = (await emu.control.deliveries()).at(-1)?.seq ?? 0;
    await emu.control.join(sessionId, video.generateClientToken(sessionId, { role: 'publisher' }));
    const delivery = await emu.control.waitForCallback({ status: 'delivered', sessionId, after: before });
    await view('Callbacks');
    const card = page.locator(`#deliveries-list li[data-id="${delivery.id}"]`);
    await expect.poll(() => card.count()).toBe(1);
    const text = await card.textContent();
    expect(text).toContain('delivered');
    expect(text).toContain('signed');
    expect(text).toContain('Attempts (1)');
    expect(await page.locator('#registrations-list').textContent()).toContain(`${receiver.url}/hook`);
    await shot('callbacks-1280');
  });

  it('shows an available archive with its download, and fits a phone screen', async () => {
    const { sessionId } = await video.createSession({});
    const token = video.generateClientToken(sessionId, { role: 'moderator' });
    const { connectionId } = await emu.control.join(sessionId, token);
    await emu.control.publish(sessionId, connectionId);
    const archive = plain(await video.startArchive(sessionId, { name: 'Dashboard demo' }));
    await video.stopArchive(archive.id);
    await view('Archives & more');
    const card = page.locator(`#media-list li.archives[data-id="${archive.id}"]`);
    await expect.poll(() => card.locator('a[download]').count(), { timeout: 10_000 }).toBe(1);
    const href = (await card.locator('a[download]').getAttribute('href')) ?? '';
    const file = await page.evaluate((u) => fetch(u).then((r) => r.status), href);
    expect(file).toBe(200);
    await shot('archives-1280');

    await page.setViewportSize({ width: 390, height: 844 });
    for (const name of ['Sessions', 'Requests', 'Actions']) {
      await view(name);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} at 390 px`).toBeLessThanOrEqual(0);
      await shot(`${name.toLowerCase()}-390`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('resets the emulator from the page', async () => {
    await view('Actions');
    await page.getByRole('button', { name: 'Reset the emulator' }).click();
    await expect.poll(() => page.locator('#action-result').textContent()).toBe('Emulator reset');
    expect((await emu.control.state()).sessions).toEqual([]);
    await view('Sessions');
    await expect.poll(() => page.locator('#sessions-list').textContent()).toContain('No sessions yet');
  });
});
