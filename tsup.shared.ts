// One build recipe for every publishable package: ESM + CJS + declarations.
// ESM output keeps dependencies external. The CJS output inlines ESM-only dependencies (jose),
// so `require()` never reaches an ESM-only module.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Options } from 'tsup';

const ESM_ONLY = ['jose'];
type Plugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * zod/mini, loaded once: the packages built on `@video/core` import `zod/mini` in their sources and
 * get `@video/core/zod` in their build, the one module where the zod/mini functions the SDK uses are
 * bundled (packages/core/src/zod.ts says why). Inside @video/core, the ESM build shares that module
 * as a chunk and the CJS build requires `./zod.cjs`, so each format holds one copy.
 */
function sharedZod(format: 'esm' | 'cjs', isCore: boolean): Plugin {
  return {
    name: 'shared-zod',
    setup(build) {
      build.onResolve({ filter: /^zod(\/.*)?$/ }, (args) => {
        if (args.path !== 'zod/mini') return { errors: [{ text: `import zod/mini, not ${args.path}: only zod/mini is shared` }] };
        if (!isCore) return { path: '@video/core/zod', external: true };
        if (args.importer === join(process.cwd(), 'src', 'zod.ts')) return undefined; // the bundled copy
        return format === 'esm' ? { path: join(process.cwd(), 'src', 'zod.ts') } : { path: './zod.cjs', external: true };
      });
    },
  };
}

export function packageConfig(entry: Record<string, string>, extra: Partial<Options> = {}): Options[] {
  const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
    version: string;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const deps = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
  const isCore = pkg.name === '@video/core';
  // zod stays a dependency (the declarations refer to its types), but sharedZod decides where its
  // code goes, so it is kept out of tsup's externals.
  const sharesZod = isCore || deps.includes('@video/core');
  const zod = sharesZod ? { noExternal: ['zod'], esm: [sharedZod('esm', isCore)], cjs: [sharedZod('cjs', isCore)] } : { noExternal: [], esm: [], cjs: [] };
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
    { ...common, format: 'esm', external: deps, noExternal: zod.noExternal, splitting: true, esbuildPlugins: zod.esm },
    {
      ...common,
      format: 'cjs',
      external: deps.filter((d) => !ESM_ONLY.includes(d)),
      noExternal: [...deps.filter((d) => ESM_ONLY.includes(d)), ...zod.noExternal],
      esbuildPlugins: zod.cjs,
    },
  ];
}
