#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startEmulator, type EmulatorOptions } from './emulator.js';

const USAGE = `Usage: video-emulator [options]

Runs a local emulator of the Vonage Video / OpenTok REST API until Ctrl-C.

Options:
  --port <n>                 Port to listen on (default 0: any free port)
  --host <address>           Address to bind (default 127.0.0.1, loopback only)
  --allowed-host <name>      Also answer the control API under this host name (repeatable);
                             localhost, 127.x.x.x, [::1] and --host are always allowed
  --application-id <uuid>    Accept this Vonage application ID (default: a new one)
  --private-key-file <path>  ...with the RSA private key in this PEM file (default: a new key)
  --api-key <digits>         Accept this OpenTok API key (default: a new one)
  --api-secret <secret>      ...with this API secret (default: a new one)
  --archive-processing-ms <n>  Delay before a stopped archive is available (default 100)
  --migration-window-ms <n>    After a session's creation or migration, refuse migrations
                               this long with 409 code 15215 (default 0)
  --migration-duration-ms <n>  How long a session migration runs (default 100)
  --callback <url>           Send every callback type to this URL (loopback only, see below)
  --callback-secret <secret> ...signed with this signature secret (Authorization: Bearer <JWT>)
  --allowed-callback-host <name>  Also allow callback URLs on this host (repeatable)
  --json                     Print the URL and credentials as one JSON line
  -h, --help                 Show this help

The control API (join clients, publish streams, inject faults) is under <url>/_emulator/,
and a web dashboard of everything the emulator holds at <url>/_emulator/ui.
It answers only Host names of this machine's loopback (and --host, --allowed-host) and only
Content-Type: application/json writes.

Callbacks go only to loopback URLs (localhost, 127.x.x.x, [::1]) unless their host is given
with --allowed-callback-host; register per type through the control API.
`;

function fail(message: string): never {
  console.error(`video-emulator: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parse(): { options: EmulatorOptions; json: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'allowed-host': { type: 'string', multiple: true },
        'application-id': { type: 'string' },
        'private-key-file': { type: 'string' },
        'api-key': { type: 'string' },
        'api-secret': { type: 'string' },
        'archive-processing-ms': { type: 'string' },
        'migration-window-ms': { type: 'string' },
        'migration-duration-ms': { type: 'string' },
        callback: { type: 'string' },
        'callback-secret': { type: 'string' },
        'allowed-callback-host': { type: 'string', multiple: true },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const integer = (name: string, text: string | undefined, max: number): number | undefined => {
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text) || Number(text) > max) fail(`--${name} must be an integer from 0 to ${max}`);
    return Number(text);
  };
  const options: EmulatorOptions = { host: values.host ?? '127.0.0.1' };
  if (values['allowed-host'] !== undefined) options.allowedHosts = values['allowed-host'];
  const port = integer('port', values.port, 65535);
  if (port !== undefined) options.port = port;
  const processing = integer('archive-processing-ms', values['archive-processing-ms'], 3_600_000);
  if (processing !== undefined) options.archiveProcessingMs = processing;
  const window = integer('migration-window-ms', values['migration-window-ms'], 86_400_000);
  if (window !== undefined) options.migrationWindowMs = window;
  const migrationMs = integer('migration-duration-ms', values['migration-duration-ms'], 3_600_000);
  if (migrationMs !== undefined) options.migrationDurationMs = migrationMs;
  if (values['callback-secret'] !== undefined && values.callback === undefined) fail('--callback-secret needs --callback');
  if (values.callback !== undefined) {
    options.callbacks = {
      url: values.callback,
      ...(values['callback-secret'] !== undefined ? { secret: values['callback-secret'] } : {}),
    };
  }
  if (values['allowed-callback-host'] !== undefined) options.allowedCallbackHosts = values['allowed-callback-host'];
  const keyFile = values['private-key-file'];
  if (values['application-id'] !== undefined || keyFile !== undefined) {
    let privateKey: string | undefined;
    if (keyFile !== undefined) {
      try {
        privateKey = readFileSync(keyFile, 'utf8');
      } catch (error) {
        fail(`cannot read --private-key-file: ${(error as Error).message}`);
      }
    }
    options.vonage = {
      ...(values['application-id'] !== undefined ? { applicationId: values['application-id'] } : {}),
      ...(privateKey !== undefined ? { privateKey } : {}),
    };
  }
  if (values['api-key'] !== undefined || values['api-secret'] !== undefined) {
    options.opentok = {
      ...(values['api-key'] !== undefined ? { apiKey: values['api-key'] } : {}),
      ...(values['api-secret'] !== undefined ? { apiSecret: values['api-secret'] } : {}),
    };
  }
  return { options, json: values.json ?? false };
}

async function main(): Promise<void> {
  const { options, json } = parse();
  let emulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    console.error(`video-emulator: could not start: ${(error as Error).message}`);
    process.exit(1);
  }
  // Handlers first: whoever reads the address below may signal at once, and a signal that comes
  // before them would kill the process without stopping the emulator.
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    void emulator.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  const { url, credentials } = emulator;
  if (json) {
    console.log(JSON.stringify({ url, credentials }));
  } else {
    console.log(`Vonage Video API emulator listening on ${url}

Vonage application (Authorization: Bearer, RS256):
  applicationId: ${credentials.vonage.applicationId}
  privateKey:
${credentials.vonage.privateKey.trimEnd()}

OpenTok project (X-OPENTOK-AUTH, HS256):
  apiKey:    ${credentials.opentok.apiKey}
  apiSecret: ${credentials.opentok.apiSecret}

Dashboard:   ${url}/_emulator/ui (open it in a browser on this machine)
Control API: ${url}/_emulator/ (see the @video/emulator README)${
      options.callbacks?.url
        ? `\nCallbacks:   every type to ${options.callbacks.url} (${options.callbacks.secret ? 'signed, HS256' : 'unsigned'})`
        : ''
    }
Press Ctrl-C to stop.`);
  }
}

void main();
