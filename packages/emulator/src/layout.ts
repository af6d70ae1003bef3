import { badRequest } from './errors.js';
import { isObject } from './validation.js';

export const LAYOUT_TYPES = ['bestFit', 'custom', 'horizontalPresentation', 'pip', 'verticalPresentation'] as const;
export const SCREENSHARE_TYPES = ['bestFit', 'pip', 'verticalPresentation', 'horizontalPresentation'] as const;

/** The layout of a composed archive or a broadcast (§6). */
export interface Layout {
  type: (typeof LAYOUT_TYPES)[number];
  stylesheet?: string;
  screenshareType?: (typeof SCREENSHARE_TYPES)[number];
}

/**
 * Checks a layout object: a known type; a stylesheet exactly when the type is `custom`;
 * `screenshareType` only with `bestFit` and never `custom`. 400 otherwise.
 */
export function readLayout(value: unknown, field = 'layout'): Layout {
  if (!isObject(value)) throw badRequest(`"${field}" must be an object`);
  const { type, stylesheet, screenshareType } = value;
  if (typeof type !== 'string' || !(LAYOUT_TYPES as readonly string[]).includes(type)) {
    throw badRequest(`"${field}.type" must be one of ${LAYOUT_TYPES.join(', ')}`);
  }
  const hasStylesheet = stylesheet !== undefined && stylesheet !== null && stylesheet !== '';
  if (type === 'custom') {
    if (typeof stylesheet !== 'string' || stylesheet.trim() === '') {
      throw badRequest(`"${field}.stylesheet" is required when the layout type is "custom"`);
    }
  } else if (hasStylesheet) {
    throw badRequest(`"${field}.stylesheet" can only be set when the layout type is "custom"`);
  }
  const hasScreenshare = screenshareType !== undefined && screenshareType !== null;
  if (hasScreenshare) {
    if (type !== 'bestFit') throw badRequest(`"${field}.screenshareType" can only be set when the layout type is "bestFit"`);
    if (typeof screenshareType !== 'string' || !(SCREENSHARE_TYPES as readonly string[]).includes(screenshareType)) {
      throw badRequest(`"${field}.screenshareType" must be one of ${SCREENSHARE_TYPES.join(', ')}`);
    }
  }
  return {
    type: type as Layout['type'],
    ...(type === 'custom' ? { stylesheet: stylesheet as string } : {}),
    ...(hasScreenshare ? { screenshareType: screenshareType as Layout['screenshareType'] } : {}),
  };
}
