// One build recipe for every publishable package: ESM + CJS + declarations.
// ESM output keeps dependencies external. The CJS output inlines ESM-only dependencies (jose),
// so `require()` never reaches an ESM-only module.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Options } from 'tsup';

const ESM_ONLY = ['jose'];

export function packageConfig(entry: Record<string, string>, extra: Partial<Options> = {}): Options[] {
  const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
    version: string;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const deps = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
  const common: Options = {
    entry,
    target: 'node20',
    platform: 'neutral',
    sourcemap: true,
    dts: true,
    splitting: false,
    treeshake: true,
    define: { __VERSION__: JSON.stringify(pkg.version) },
    ...extra,
  };
  return [
    // ESM entries share their common modules through chunks, so a bundle that imports two entries
    // of a package (`@video/core` and `@video/core/toolkit`) gets each module once.
    { ...common, format: 'esm', external: deps, splitting: true },
    {
      ...common,
      format: 'cjs',
      external: deps.filter((d) => !ESM_ONLY.includes(d)),
      noExternal: deps.filter((d) => ESM_ONLY.includes(d)),
    },
  ];
}
