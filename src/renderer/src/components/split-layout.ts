import { z } from 'zod'

/**
 * How a list and its detail share the width: pure rules (tested without a browser) for the
 * split view, and what of them is remembered.
 */

/** Below this width (the split's own) the two do not fit side by side: the detail is a drawer. */
export const DRAWER_BELOW_PX = 900
/** The detail is never narrower than this side by side… */
export const MIN_DETAIL_PX = 380
/** …and leaves the list at least this much. */
export const MIN_LIST_PX = 320
/** The detail's share of the width until the user drags the divider. */
const DEFAULT_SHARE = 0.42

/** What is remembered per split: the width the user dragged to, and wide mode. */
export const SavedSplit = z.object({ width: z.number().positive().optional(), wide: z.boolean().default(false) })
export type SavedSplit = z.infer<typeof SavedSplit>

export interface SplitLayout {
  drawer: boolean
  wide: boolean
  /** The detail's width in px (side by side), or the drawer's. */
  detailWidth: number
}

/** A detail width kept between its minimum and what leaves the list its own. */
export function clampDetailWidth(width: number, containerWidth: number): number {
  const max = Math.max(MIN_DETAIL_PX, containerWidth - MIN_LIST_PX)
  return Math.round(Math.min(max, Math.max(MIN_DETAIL_PX, width)))
}

/** The layout for a container width and what the user chose. */
export function splitLayout(containerWidth: number, saved: SavedSplit): SplitLayout {
  // A drawer leaves the list's first columns in sight; wide, it covers the list.
  if (containerWidth > 0 && containerWidth < DRAWER_BELOW_PX) return { drawer: true, wide: saved.wide, detailWidth: saved.wide ? containerWidth : Math.round(Math.min(640, Math.max(MIN_DETAIL_PX, containerWidth * 0.62))) }
  const width = containerWidth === 0 ? 0 : saved.wide ? containerWidth - MIN_LIST_PX : (saved.width ?? containerWidth * DEFAULT_SHARE)
  return { drawer: false, wide: saved.wide, detailWidth: clampDetailWidth(width, containerWidth) }
}

/** What was remembered for a split (its JSON), read leniently: anything unreadable is the defaults. */
export function readSaved(json: string | null | undefined): SavedSplit {
  try {
    return SavedSplit.catch({ wide: false }).parse(JSON.parse(json ?? '{}'))
  } catch {
    return { wide: false }
  }
}
