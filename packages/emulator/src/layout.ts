import * as z from 'zod/mini';
import { opt, rule } from './validation.js';

export const LAYOUT_TYPES = ['bestFit', 'custom', 'horizontalPresentation', 'pip', 'verticalPresentation'] as const;
export const SCREENSHARE_TYPES = ['bestFit', 'pip', 'verticalPresentation', 'horizontalPresentation'] as const;

/** The layout of a composed archive or a broadcast (§6). */
export interface Layout {
  type: (typeof LAYOUT_TYPES)[number];
  stylesheet?: string;
  screenshareType?: (typeof SCREENSHARE_TYPES)[number];
}

/**
 * A layout object on the wire (`layout` of a start call, or the whole body of PUT …/layout): a
 * known type; a stylesheet exactly when the type is `custom` (an empty one elsewhere is ignored);
 * `screenshareType` only with `bestFit`. Read as the {@link Layout} kept.
 */
export const layoutSchema = z.pipe(
  z
    .object({
      type: z.enum(LAYOUT_TYPES),
      stylesheet: opt(z.string()),
      screenshareType: opt(z.enum(SCREENSHARE_TYPES)),
    })
    .check(
      rule(({ type, stylesheet, screenshareType }) => {
        if (type === 'custom' && (stylesheet === undefined || stylesheet.trim() === '')) {
          return { path: ['stylesheet'], message: 'is required when the layout type is "custom"' };
        }
        if (type !== 'custom' && stylesheet !== undefined && stylesheet !== '') {
          return { path: ['stylesheet'], message: 'can only be set when the layout type is "custom"' };
        }
        if (screenshareType !== undefined && type !== 'bestFit') {
          return { path: ['screenshareType'], message: 'can only be set when the layout type is "bestFit"' };
        }
        return undefined;
      }),
    ),
  z.transform(
    ({ type, stylesheet, screenshareType }): Layout => ({
      type,
      ...(type === 'custom' ? { stylesheet: stylesheet! } : {}),
      ...(screenshareType !== undefined ? { screenshareType } : {}),
    }),
  ),
);
