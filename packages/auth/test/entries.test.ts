// jose is a dependency of `@video/auth/verify` only: a bundle that mints tokens, or takes the whole
// main entry, holds no third-party code at all; one that verifies does hold jose. Checked on the
// sources and on the built package (run `pnpm build` first), whose CommonJS entries share one copy
// of the classes.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const pkg = join(import.meta.dirname, '..');

/** The files a bundle of `code` is made of, relative to the repository. */
async function inputsOf(code: string, resolveDir: string): Promise<string[]> {
  const result = await build({
    stdin: { contents: code, resolveDir, loader: 'ts' },
    bundle: true,
    minify: true,
    platform: 'neutral',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

const thirdParty = (inputs: string[]) => inputs.filter((file) => file.includes('node_modules/') && !file.includes('node_modules/@video/'));
const jose = (inputs: string[]) => inputs.filter((file) => /node_modules\/(\.pnpm\/jose@[^/]+\/node_modules\/)?jose\//.test(file));

describe('the main entry stays free of jose', () => {
  it.each([
    ['generateToken', `import { generateToken } from './src/index.ts'; export const t = (c, s) => generateToken(c, s);`],
    ['the whole main entry', `export * from './src/index.ts';`],
  ])('sources: a bundle of %s holds no third-party module', async (_name, code) => {
    const inputs = await inputsOf(code, pkg);
    expect(inputs.some((f) => f.endsWith('client-token.ts'))).toBe(true);
    expect(thirdParty(inputs)).toEqual([]);
  });

  it('sources: a bundle of verifyClientToken holds jose (so the check above can fail)', async () => {
    const inputs = await inputsOf(`export { verifyClientToken } from './src/verify.ts';`, pkg);
    expect(jose(inputs).length).toBeGreaterThan(0);
  });

  it('built: the same through the package exports', async () => {
    expect(existsSync(join(pkg, 'dist/verify.js')), 'pnpm build').toBe(true);
    const token = await inputsOf(`import { generateToken } from '@video/auth'; export const t = (c, s) => generateToken(c, s);`, pkg);
    expect(token.some((f) => f.includes('dist/'))).toBe(true);
    expect(thirdParty(token)).toEqual([]);
    expect(jose(await inputsOf(`export * from '@video/auth';`, pkg))).toEqual([]);
    expect(jose(await inputsOf(`export { verifyClientToken } from '@video/auth/verify';`, pkg)).length).toBeGreaterThan(0);
    for (const file of ['index.js', 'index.cjs']) expect(readFileSync(join(pkg, 'dist', file), 'utf8'), file).not.toMatch(/["']jose["']|verify/);
  });

  it('built: both entries load with require() and import(), sharing their classes', () => {
    const script = (load: string) => `
      ${load}
      const creds = auth.createCredentials({ apiKey: '123456', apiSecret: 'secret' });
      const sid = '1_' + Buffer.from('1~123456~~1700000000000~0.1~').toString('base64url');
      const token = await auth.generateToken(creds, sid);
      const ok = (await verify.verifyClientToken(token, creds, { sessionId: sid })).sessionId === sid;
      const error = await verify.verifyClientToken(token, { apiKey: '123456', apiSecret: 'other' }).catch((e) => e);
      console.log(ok, error instanceof auth.VideoValidationError, error.field);`;
    const esm = script(`const auth = await import('@video/auth'); const verify = await import('@video/auth/verify');`);
    const cjs = `(async () => { ${script(`const auth = require('@video/auth'); const verify = require('@video/auth/verify');`)} })();`;
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', esm], { cwd: pkg, encoding: 'utf8' }).trim()).toBe('true true token');
    expect(execFileSync(process.execPath, ['-e', cjs], { cwd: pkg, encoding: 'utf8' }).trim()).toBe('true true token');
  });
});
