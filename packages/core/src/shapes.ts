// Option shapes that several operation packages share. Archives and broadcasts both compose a
// layout at a resolution and select streams by hand; archives, broadcasts and renders are listed
// page by page. Domain packages never import each other, so the shared declarations live here.
// Each is built on first use (`lazy`): see options.ts.
import * as z from 'zod/mini';
import { lazy } from './options.js';

/** Output video resolutions the API accepts. */
export const RESOLUTIONS = ['640x480', '480x640', '1280x720', '720x1280', '1920x1080', '1080x1920'] as const;
/** The schema of a {@link Resolution}. */
export const resolutionSchema = /* @__PURE__ */ lazy(() => z.enum(RESOLUTIONS));
/** An output video resolution, `'<width>x<height>'`. */
export type Resolution = (typeof RESOLUTIONS)[number];

/** Whether streams join automatically (`auto`) or are chosen with add/remove calls (`manual`). */
export const streamModeSchema = /* @__PURE__ */ lazy(() => z.enum(['auto', 'manual']));
/** `'auto'`: every stream is included; `'manual'`: streams are chosen with add/remove calls. */
export type StreamMode = z.output<ReturnType<typeof streamModeSchema>>;

/** The layouts a screen-share can switch to while `bestFit` is in use. */
export const screenshareTypeSchema = /* @__PURE__ */ lazy(() => z.enum(['bestFit', 'horizontalPresentation', 'pip', 'verticalPresentation']));
/** The layout a `bestFit` composition switches to while a stream shares a screen. */
export type ScreenshareType = z.output<ReturnType<typeof screenshareTypeSchema>>;

/** For a key another layout type owns, say which; otherwise let the standard message stand. */
const OWNERS: Record<string, string> = { stylesheet: 'custom', screenshareType: 'bestFit' };
const ownedBy = (issue: z.core.$ZodRawIssue) => {
  const owner = issue.code === 'unrecognized_keys' ? OWNERS[(issue as { keys: string[] }).keys[0]!] : undefined;
  return owner ? `is allowed only with type '${owner}'` : undefined;
};

/**
 * How a composed archive or broadcast arranges streams. `stylesheet` is required with (and only
 * with) `type: 'custom'`; `screenshareType` (the layout used while someone shares a screen) is
 * allowed only with `type: 'bestFit'`.
 */
export const layoutSchema = /* @__PURE__ */ lazy(() =>
  z.union([
    z.strictObject(
      {
        type: z.literal('custom'),
        /** CSS that places the streams, by their layout classes. */
        stylesheet: z.string().check(z.minLength(1)),
      },
      { error: ownedBy },
    ),
    z.strictObject(
      {
        type: z.literal('bestFit'),
        /** The layout to use while a stream shares a screen. */
        screenshareType: z.optional(screenshareTypeSchema()),
      },
      { error: ownedBy },
    ),
    z.strictObject({ type: z.enum(['horizontalPresentation', 'pip', 'verticalPresentation']) }, { error: ownedBy }),
  ]),
);
/**
 * How a composed archive or broadcast arranges streams: `{ type: 'custom', stylesheet }`,
 * `{ type: 'bestFit', screenshareType? }`, or one of the other layout types.
 */
export type Layout = z.output<ReturnType<typeof layoutSchema>>;
/** The `type` of a {@link Layout}. */
export type LayoutType = Layout['type'];

/**
 * A whole number from `min` to `max`, saying so (or `rule`) when it is not. (`z.int()` would do,
 * but costs 2 KB of bundle for number formats this SDK never uses.)
 */
export function integer(min: number, max: number, rule = `must be an integer from ${min} to ${max}`) {
  return z.number({ error: rule }).check(z.refine(Number.isInteger, { error: rule }), z.gte(min, { error: rule }), z.lte(max, { error: rule }));
}

/** Paging options of a list call. */
export const listOptionsShape = /* @__PURE__ */ lazy(() => ({
  /** Skip this many items, 0 being the newest. Default 0. */
  offset: z.optional(integer(0, Number.MAX_SAFE_INTEGER)),
  /** Items per page, 1–1000. Default 50 (the API's default). */
  count: z.optional(integer(1, 1000)),
}));

/** Options of the async-iterator form of a list. */
export const iterateOptionsShape = /* @__PURE__ */ lazy(() => ({
  /** Where to start, 0 being the newest item. Default 0. */
  offset: z.optional(integer(0, Number.MAX_SAFE_INTEGER)),
  /** Items requested per page, 1–1000. Default 100. */
  pageSize: z.optional(integer(1, 1000)),
  /** Stop after this many items. */
  limit: z.optional(integer(0, Number.MAX_SAFE_INTEGER)),
}));

/** Which tracks of a stream a composition includes: not both may be false. */
export const trackSelectionShape = /* @__PURE__ */ lazy(() => ({
  /** Include the stream's audio. Default true. */
  hasAudio: z.optional(z.boolean()),
  /** Include the stream's video. Default true. Not both `hasAudio` and `hasVideo` may be false. */
  hasVideo: z.optional(z.boolean()),
}));

/** The refinement that rejects `hasAudio: false` with `hasVideo: false`. */
export const someTrack = /* @__PURE__ */ lazy(() =>
  z.refine<{ hasAudio?: boolean; hasVideo?: boolean }>((o) => o.hasAudio !== false || o.hasVideo !== false, {
    message: 'hasAudio and hasVideo cannot both be false',
    path: ['hasVideo'],
  }),
);
