// The README's code blocks are copies of type-checked, tested files: they must not drift.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { renderReadme } from '../scripts/readme-snippets.mjs';

const root = join(import.meta.dirname, '..');

describe('README', () => {
  it('shows exactly the code of examples/snippets', () => {
    const { before, after, files } = renderReadme() as { before: string; after: string; files: string[] };
    expect(files.length).toBeGreaterThanOrEqual(16);
    expect(before).toBe(after);
  });

  it('links every package, and every package has a README with an install line and an example', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const dir of readdirSync(join(root, 'packages'))) {
      const { name, private: unpublished } = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
      if (unpublished) continue;
      expect(readme).toContain(`[\`${name}\`](packages/${dir})`);
      const path = join(root, 'packages', dir, 'README.md');
      expect(existsSync(path), `${name} has no README`).toBe(true);
      const own = readFileSync(path, 'utf8');
      expect(own).toMatch(new RegExp(`npm install [^\\n]*${name.replace('/', '\\/')}`));
      expect(own).toContain('```ts');
    }
  });
});

describe('package READMEs', () => {
  it('their TypeScript examples type-check against the built packages', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdirSync, rmSync, writeFileSync } = await import('node:fs');
    const files: string[] = [];
    for (const pkg of readdirSync(join(root, 'packages'))) {
      const text = readFileSync(join(root, 'packages', pkg, 'README.md'), 'utf8');
      // A README's blocks read as one program, in order.
      const code = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
      // Values a reader already has are declared, unless the example defines them itself.
      const free = ['sessionId', 'archiveId', 'applicationId', 'privateKey'].filter(
        (name) => !new RegExp(`(const|let|var)\\s+[^=;]*\\b${name}\\b[^=;]*=`).test(code),
      );
      const preamble = `${free.length ? `declare const ${free.map((n) => `${n}: string`).join(', ')};\n` : ''}export {};\n`;
      // Inside the package, so its own devDependencies and its own name resolve as a user's would.
      const dir = join(root, 'packages', pkg, '.readme-check');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'readme.ts'), preamble + code);
      files.push(join(dir, 'readme.ts'));
    }
    const config = join(root, '.tmp', 'readme-check.json');
    mkdirSync(join(root, '.tmp'), { recursive: true });
    writeFileSync(
      config,
      JSON.stringify({
        compilerOptions: { module: 'preserve', moduleResolution: 'bundler', target: 'es2022', strict: true, noEmit: true, types: ['node'], typeRoots: [join(root, 'node_modules/@types')] },
        files,
      }),
    );
    let output = '';
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', config], { encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
    } finally {
      for (const file of files) rmSync(join(file, '..'), { recursive: true, force: true });
      rmSync(config, { force: true });
    }
    expect(files.length).toBeGreaterThanOrEqual(11);
    expect(output).toBe('');
  });
});
