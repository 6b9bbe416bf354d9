import { describe, expect, it } from 'vitest'
import { DRAWER_BELOW_PX, MIN_DETAIL_PX, MIN_LIST_PX, clampDetailWidth, splitLayout } from '../../../src/renderer/src/components/split-layout'

describe('split layout: a list and its detail sharing the width', () => {
  it('side by side, the detail takes its share until the divider is dragged, then the width chosen', () => {
    expect(splitLayout(1200, { wide: false })).toEqual({ drawer: false, wide: false, detailWidth: 504 })
    expect(splitLayout(1200, { width: 700, wide: false }).detailWidth).toBe(700)
  })

  it('keeps both usable: the detail never narrower than its minimum, the list never narrower than its own', () => {
    expect(clampDetailWidth(10, 1200)).toBe(MIN_DETAIL_PX)
    expect(clampDetailWidth(5000, 1200)).toBe(1200 - MIN_LIST_PX)
    expect(splitLayout(1000, { width: 5000, wide: false }).detailWidth).toBe(1000 - MIN_LIST_PX)
  })

  it('wide mode gives the detail all but the list’s minimum', () => {
    expect(splitLayout(1400, { width: 500, wide: true })).toEqual({ drawer: false, wide: true, detailWidth: 1400 - MIN_LIST_PX })
  })

  it('where the two do not fit side by side, the detail is a drawer that leaves the list’s first columns in sight, or covers it in wide mode', () => {
    const drawer = splitLayout(DRAWER_BELOW_PX - 1, { width: 700, wide: false })
    expect(drawer.drawer).toBe(true)
    expect(drawer.detailWidth).toBeLessThanOrEqual(640)
    expect(DRAWER_BELOW_PX - 1 - drawer.detailWidth).toBeGreaterThanOrEqual(280)
    expect(splitLayout(740, { wide: true })).toEqual({ drawer: true, wide: true, detailWidth: 740 })
  })
})
