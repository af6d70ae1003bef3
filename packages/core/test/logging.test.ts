// logLevel: which lines reach the logger, against the emulator over real sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger, LogLevel } from '@video/core';
import { createSession } from '@video/sessions';
import { MODES, startHarness, type Harness } from '../../../test/support/harness.js';
import { failNext } from '../../../test/support/assertions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

interface Line {
  level: string;
  message: string;
  data: Record<string, unknown> | undefined;
}

function recorder(): { lines: Line[]; logger: Logger } {
  const lines: Line[] = [];
  const at = (level: string) =>
    function (this: unknown, message: string, data?: Record<string, unknown>) {
      // Called as a method of the logger, as pino and winston need.
      expect(this).toBe(logger);
      lines.push({ level, message, data });
    };
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { lines, logger };
}

describe.each(MODES)('logLevel with %s credentials', (mode) => {
  /** One call that is retried once after a 503: two requests, one response line each, one retry. */
  async function run(logLevel: LogLevel | undefined): Promise<Line[]> {
    const { lines, logger } = recorder();
    const client = h.client(mode, { logger, retry: { maxAttempts: 2, baseDelay: 1 }, ...(logLevel ? { logLevel } : {}) });
    await failNext(h, 'POST', '/session/create', 503, 'busy');
    await createSession(client, { mediaMode: 'routed' });
    return lines;
  }

  it('writes only warnings (a retry) by default: no line per request', async () => {
    const lines = await run(undefined);
    expect(lines.map((l) => l.level)).toEqual(['warn']);
    expect(lines[0]!.message).toMatch(/^video: retrying createSession in \d+ ms after server_error$/);
    expect(lines[0]!.data).toMatchObject({ attempt: 1, status: 503 });
  });

  it("writes a line per request and per response with 'debug', each URL once", async () => {
    const lines = await run('debug');
    expect(lines.map((l) => l.level)).toEqual(['debug', 'debug', 'warn', 'debug', 'debug']);
    const [request, response] = lines;
    expect(request!.message).toBe(`video: POST ${h.emu.url}/session/create`);
    expect(response!.message).toMatch(new RegExp(`^video: 503 POST ${h.emu.url}/session/create \\(\\d+ ms\\)$`));
    for (const line of lines) expect(JSON.stringify(line.data)).not.toContain(h.emu.url);
    // The form's unset fields are not sent, so not logged either.
    expect(request!.data).toMatchObject({ operation: 'createSession', attempt: 1, body: { archiveMode: 'manual', 'p2p.preference': 'disabled' } });
    expect(Object.keys(request!.data!.body as object).sort()).toEqual(['archiveMode', 'p2p.preference']);
  });

  it.each([
    ['info', ['warn']],
    ['warn', ['warn']],
    ['error', []],
    ['silent', []],
  ] as const)("with '%s' writes %j", async (level, expected) => {
    expect((await run(level)).map((l) => l.level)).toEqual(expected);
  });
});
