import { describe, expect, it } from 'vitest'
import { SigningScheme, signerHeaderNames } from '../../../src/shared/schemas/signing'
import { signRequest } from '../../../src/main/signing/sign'

describe('signerHeaderNames: what validation says a signer writes', () => {
  it.each(SigningScheme.options)('%s: every header the signer writes (a User-Agent only fills in)', (scheme) => {
    const secret = scheme === 'standard' || scheme === 'stripe' ? 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' : 's3cr3t'
    const signed = signRequest({ scheme, secrets: [secret], messageId: 'msg_1', timestampSec: 1_700_000_000, body: '{}', eventName: 'deploy', hmacHeader: 'X-Sig', secretHeaders: ['Qovery-Secret'] })
    const names = signerHeaderNames(scheme, { hmacHeader: 'X-Sig', secretHeaders: ['Qovery-Secret'] }).map((n) => n.toLowerCase())
    expect(signed.map(([name]) => name.toLowerCase()).filter((name) => name !== 'user-agent').sort()).toEqual([...names].sort())
  })
})
