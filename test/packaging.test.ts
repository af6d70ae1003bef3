// Tests the packages as users get them: the built dist/ output, loaded with require() and import()
// in a child process, and type-checked by TypeScript under each module resolution mode.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledPackages, NOTICES } from '../scripts/third-party-notices.mjs';

const root = join(import.meta.dirname, '..');
const packages = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter(({ pkg }) => !pkg.private);

/** One public export per package that must be a function, whichever way it is loaded. */
const probe: Record<string, string> = {
  '@video/auth': 'generateToken',
  '@video/core': 'createClient',
  '@video/sessions': 'createSession',
  '@video/archives': 'startArchive',
  '@video/broadcasts': 'startBroadcast',
  '@video/sip': 'dial',
  '@video/moderation': 'forceMuteAll',
  '@video/captions': 'startCaptions',
  '@video/renders': 'startRender',
  '@video/server-sdk': 'Video',
  '@video/emulator': 'startEmulator',
  '@video/webhooks': 'verifyCallback',
};

const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim();
const work = join(root, '.tmp', 'packaging');
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('built packages', () => {
  it('every publishable package has a probe', () => {
    expect(packages.map((p) => p.pkg.name).sort()).toEqual(Object.keys(probe).sort());
  });

  it.each(packages.map((p) => [p.pkg.name as string]))('%s loads with require() and import()', (name) => {
    const member = probe[name]!;
    expect(node(['-e', `console.log(typeof require(${JSON.stringify(name)}).${member})`])).toBe('function');
    expect(node(['--input-type=module', '-e', `const m = await import(${JSON.stringify(name)}); console.log(typeof m.${member})`])).toBe(
      'function',
    );
  });

  it('the undici subpath loads both ways and the main entry never loads undici', () => {
    expect(node(['-e', "console.log(typeof require('@video/core/undici').undiciTransport)"])).toBe('function');
    const loaded = node([
      '--input-type=module',
      '-e',
      "await import('@video/server-sdk'); const { createRequire } = await import('node:module'); console.log(Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes('undici')))",
    ]);
    expect(loaded).toBe('false');
  });

  // zod/mini's own ESM build is 92 modules (64 locales) and cost ~70 ms of cold start;
  // the packages load the one bundled module @video/core/zod instead (packages/core/src/zod.ts).
  it('the packages load zod through @video/core/zod, never from the zod package, in ESM and CJS', () => {
    const hooks = `data:text/javascript,${encodeURIComponent(
      'export async function load(url, context, next) { process.stderr.write("loaded " + url + "\\n"); return next(url, context); }',
    )}`;
    const register = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(hooks)});`)}`;
    const everything = Object.keys(probe).filter((name) => name !== '@video/emulator');
    const esm = spawnSync(process.execPath, ['--import', register, '--input-type=module', '-e', everything.map((n) => `await import('${n}');`).join('')], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(esm.status).toBe(0);
    const urls = esm.stderr.split('\n').filter((l) => l.startsWith('loaded file:'));
    expect(urls.some((u) => u.includes('/core/dist/'))).toBe(true);
    expect(urls.filter((u) => /\/node_modules\/(\.pnpm\/)?zod[@/]/.test(u))).toEqual([]);
    const cjs = node(['-e', `${everything.map((n) => `require('${n}');`).join('')} console.log(JSON.stringify(Object.keys(require.cache)))`]);
    const files: string[] = JSON.parse(cjs);
    expect(files.some((f) => f.endsWith('core/dist/zod.cjs'))).toBe(true);
    expect(files.filter((f) => /\/node_modules\/(\.pnpm\/)?zod[@/]/.test(f))).toEqual([]);
  });

  // Bundled MIT code needs its licence in every copy: zod's in @video/core (its zod entry) and the
  // emulator, jose's wherever a CJS build inlines it (and in the emulator).
  it('every package whose dist/ bundles third-party code ships their licences in dist/THIRD-PARTY-NOTICES.md', () => {
    const bundles: Record<string, string[]> = {};
    for (const { dir, pkg } of packages) {
      const dist = join(root, 'packages', dir, 'dist');
      const bundled = bundledPackages(dist);
      bundles[pkg.name] = [...bundled.keys()];
      const file = join(dist, NOTICES);
      if (bundled.size === 0) {
        expect(existsSync(file), `${pkg.name} bundles nothing but ships notices`).toBe(false);
        continue;
      }
      const text = readFileSync(file, 'utf8');
      for (const [name, at] of bundled) {
        const licence = readdirSync(at).find((f) => /^licen[cs]e/i.test(f))!;
        expect(text, `${pkg.name}: ${name}`).toContain(readFileSync(join(at, licence), 'utf8').trim());
      }
      expect(pkg.files, `${pkg.name} publishes dist/`).toContain('dist');
    }
    expect(bundles['@video/core']).toEqual(['zod']);
    expect(bundles['@video/emulator']).toEqual(['jose', 'zod']);
    expect(bundles['@video/webhooks']).toEqual(['jose']);
    expect(bundles['@video/sessions']).toEqual([]);
  });

  it('errors from the CJS and ESM builds recognise each other', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module';
       const cjs = createRequire(import.meta.url)('@video/core');
       const esm = await import('@video/core');
       const e = new cjs.NotFoundError('x');
       console.log(e instanceof esm.NotFoundError, e instanceof esm.VideoError, esm.isVideoError(e, 'not_found'), e instanceof esm.ConflictError);`,
    ]);
    expect(out).toBe('true true true false');
  });

  it.each(['node16', 'nodenext', 'bundler'])('type-checks a consumer with moduleResolution %s', (resolution) => {
    const dir = join(work, resolution);
    mkdirSync(dir, { recursive: true });
    const imports = packages
      .map(({ pkg }, i) => `import * as p${i} from '${pkg.name}';\nexport const v${i} = Object.keys(p${i});`)
      .join('\n');
    writeFileSync(
      join(dir, 'index.ts'),
      `${imports}
import { Video, type VideoArchive, isVideoError } from '@video/server-sdk';
import { undiciTransport } from '@video/core/undici';
export async function demo(): Promise<VideoArchive> {
  const video = new Video({ apiKey: '123', apiSecret: 's' }, { transport: undiciTransport() });
  const session = await video.createSession({ mediaMode: 'routed' });
  const token: string = await session.generateToken({ role: 'moderator' });
  try { return await video.startArchive(session.sessionId, { name: token }); }
  catch (e) { if (isVideoError(e, 'conflict')) throw e; throw e; }
}
`,
    );
    const module = resolution === 'bundler' ? 'preserve' : resolution;
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module, moduleResolution: resolution, target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [join(root, 'node_modules/@types')] },
        files: ['index.ts'],
      }),
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', dir], { cwd: dir, encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
    }
    expect(output).toBe('');
  });
});
