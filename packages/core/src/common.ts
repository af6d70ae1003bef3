// Types and checks that several operation packages share (archives and broadcasts both take a
// layout and a resolution; every list takes offset/count).
import { VideoValidationError } from '@video/auth';
import { checkInteger, checkKeys, checkObject, checkOneOf, checkString, optional } from './validate.js';

/** Output video resolutions the API accepts. */
export const RESOLUTIONS = ['640x480', '480x640', '1280x720', '720x1280', '1920x1080', '1080x1920'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const LAYOUT_TYPES = ['bestFit', 'custom', 'horizontalPresentation', 'pip', 'verticalPresentation'] as const;
export type LayoutType = (typeof LAYOUT_TYPES)[number];

export const SCREENSHARE_TYPES = ['bestFit', 'horizontalPresentation', 'pip', 'verticalPresentation'] as const;
export type ScreenshareType = (typeof SCREENSHARE_TYPES)[number];

/**
 * How a composed archive or broadcast arranges streams. `stylesheet` is required with (and only
 * with) `type: 'custom'`; `screenshareType` (the layout used while someone shares a screen) is
 * allowed only with `type: 'bestFit'`.
 */
export type Layout =
  | { type: 'custom'; stylesheet: string }
  | { type: 'bestFit'; screenshareType?: ScreenshareType }
  | { type: 'horizontalPresentation' | 'pip' | 'verticalPresentation' };

export const STREAM_MODES = ['auto', 'manual'] as const;
export type StreamMode = (typeof STREAM_MODES)[number];

/** Checks a layout (§6) and returns the exact object to send. */
export function checkLayout(value: unknown, field = 'layout'): Layout {
  const raw = checkObject(value, field);
  checkKeys(raw, field, ['type', 'stylesheet', 'screenshareType']);
  const type = checkOneOf(raw.type, `${field}.type`, LAYOUT_TYPES);
  if (type !== 'custom' && raw.stylesheet !== undefined) {
    throw new VideoValidationError(`${field}.stylesheet`, "is allowed only with type 'custom'");
  }
  if (type !== 'bestFit' && raw.screenshareType !== undefined) {
    throw new VideoValidationError(`${field}.screenshareType`, "is allowed only with type 'bestFit'");
  }
  if (type === 'custom') return { type, stylesheet: checkString(raw.stylesheet, `${field}.stylesheet`) };
  if (type === 'bestFit') {
    const screenshareType = optional(raw.screenshareType, (v) => checkOneOf(v, `${field}.screenshareType`, SCREENSHARE_TYPES));
    return screenshareType ? { type, screenshareType } : { type };
  }
  return { type };
}

/** Paging options of list operations. */
export interface ListOptions {
  /** Skip this many items, 0 being the newest. Default 0. */
  offset?: number;
  /** Items per page, 1–1000. Default 50 (the API's default). */
  count?: number;
}

export function checkListOptions(options: ListOptions): { offset?: number; count?: number } {
  return {
    offset: optional(options.offset, (v) => checkInteger(v, 'offset', 0, Number.MAX_SAFE_INTEGER)),
    count: optional(options.count, (v) => checkInteger(v, 'count', 1, 1000)),
  };
}
