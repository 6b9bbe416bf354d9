import { describe, expect, it } from 'vitest'
import { VERIFY_SCHEMES, verifyChoiceOf } from '../../../src/renderer/src/views/receiver/script-form'

describe("the verify scheme select's value", () => {
  it('is off or a scheme the engine verifies, read with the shared schema', () => {
    expect(verifyChoiceOf('')).toBe('')
    for (const scheme of VERIFY_SCHEMES) expect(verifyChoiceOf(scheme)).toBe(scheme)
  })

  it('is nothing for any other text', () => {
    expect(verifyChoiceOf('sha1')).toBeUndefined()
    expect(verifyChoiceOf('Standard')).toBeUndefined()
  })
})
