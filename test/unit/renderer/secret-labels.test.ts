import { describe, expect, it } from 'vitest'
import { hidesSecrets, withoutLeadingComments } from '../../../src/renderer/src/views/inspector/secret-labels'

describe('secret labels in the UI', () => {
  it('sees a header whose secret the engine kept back (its fingerprint), and no other', () => {
    expect(hidesSecrets([['Qovery-Secret', 'sha256:0123456789abcdef…']])).toBe(true)
    expect(hidesSecrets([['Authorization', 'Bearer sha256:0123456789abcdef…']])).toBe(true)
    expect(hidesSecrets([['webhook-signature', 'v1,abc='], ['X-Hub-Signature-256', 'sha256=0123456789abcdef0123']])).toBe(false)
  })

  it('copies the command without the comment lines an export puts above it', () => {
    const text = '# Secrets in this file are shown as SHA-256 fingerprints…\n\n# 2025-01-01T00:00:00.000Z POST inbox\ncurl -X POST \\\n  -H \'A: b\'\n'
    expect(withoutLeadingComments(text)).toBe("curl -X POST \\\n  -H 'A: b'")
    expect(withoutLeadingComments("curl x # not a comment\n")).toBe('curl x # not a comment')
  })
})
