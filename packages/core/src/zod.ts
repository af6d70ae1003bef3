// `@video/core/zod`: the part of zod/mini the SDK's packages use, bundled once, here.
//
// The packages' sources import `zod/mini` as usual (and their declarations keep referring to it);
// their builds send those imports to this entry instead (see `sharedZod` in tsup.shared.ts).
// Why: zod/mini's ESM build is a graph of 92 modules, 64 locales included, and Node
// loads every one of them on import. That took ~70 ms of a cold start. This one bundled module of
// the functions below loads in ~3 ms. zod/mini sets no locale, so messages are the same either way.
//
// test/zod-subset.test.ts fails when a source uses a zod/mini function missing from this list.
export {
  array,
  boolean,
  custom,
  enum,
  gte,
  literal,
  looseObject,
  lte,
  maxLength,
  minLength,
  NEVER,
  number,
  object,
  optional,
  readonly,
  refine,
  regex,
  strictObject,
  string,
  superRefine,
  transform,
  union,
} from 'zod/mini';
