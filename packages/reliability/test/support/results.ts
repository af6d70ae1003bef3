// Each suite counts what it tried and writes the counts to a JSON file; report.mjs adds them up
// and prints the table. The folder is outside the repository (os.tmpdir()), so nothing needs
// ignoring; report.mjs points VIDEO_RELIABILITY_RESULTS at a fresh folder for each run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SuiteResults {
  /** Injected-fault scenarios run (fault × operation × transport × variant). */
  faultsTried: number;
  /** SDK operation calls made (each may be several HTTP attempts). */
  callsMade: number;
  /** HTTP requests that reached the emulator. */
  requestsSeen: number;
  /** Calls that ended in an error, by error code (expected ones included). */
  failuresByKind: Record<string, number>;
  /** Side effects that happened more than once (archives, signals). */
  duplicatesCreated: number;
  /** Secrets found in errors/logs/hooks, unhandled rejections, handles left open. */
  leaksFound: number;
  /** Hostile inputs tried (generated arguments, token inputs, garbage requests). */
  hostileInputsTried: number;
  /** Free-form figures printed under the table (calls/s, connections, heap). */
  notes: string[];
}

export const resultsDir = (): string => process.env['VIDEO_RELIABILITY_RESULTS'] ?? join(tmpdir(), 'video-reliability-results');

/** A mutable counter set for one suite; `write()` saves it (call it in afterAll). */
export function suiteResults(suite: string) {
  const results: SuiteResults = {
    faultsTried: 0,
    callsMade: 0,
    requestsSeen: 0,
    failuresByKind: {},
    duplicatesCreated: 0,
    leaksFound: 0,
    hostileInputsTried: 0,
    notes: [],
  };
  return {
    results,
    failure(kind: string, count = 1) {
      results.failuresByKind[kind] = (results.failuresByKind[kind] ?? 0) + count;
    },
    write() {
      const dir = resultsDir();
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${suite}.json`), JSON.stringify({ suite, ...results }, null, 2));
    },
  };
}

/** Collects unhandled rejections and uncaught exceptions of this process while a suite runs. */
export function watchUnhandled() {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', onRejection);
  return {
    seen,
    stop() {
      process.off('unhandledRejection', onRejection);
    },
  };
}
