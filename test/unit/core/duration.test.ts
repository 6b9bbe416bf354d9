import { describe, expect, it } from 'vitest'
import { formatDuration } from '../../../src/shared/core/duration'

describe('a duration as a run says it', () => {
  it('names the largest units that fit, days included', () => {
    expect([250, 4_200, 90_000, 5_400_000, 86_400_000, 36 * 3_600_000, 3650 * 86_400_000].map(formatDuration)).toEqual(['250 ms', '4.2 s', '1.5 min', '1 h 30 min', '1 d', '1 d 12 h', '3650 d'])
  })
})
