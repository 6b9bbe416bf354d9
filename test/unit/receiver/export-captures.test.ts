import { describe, expect, it } from 'vitest'
import { Capture } from '../../../src/shared/schemas/receiver'
import { captureToCurl, captureUrl, capturesToHar } from '../../../src/main/receiver/export-captures'

function capture(body: string | Buffer, extra: Partial<Capture> = {}): Capture {
  const bytes = Buffer.from(body)
  return Capture.parse({
    id: 'cap_1',
    endpoint: 'inbox',
    receivedAt: '2025-01-01T00:00:00.000Z',
    method: 'POST',
    path: '/deploys',
    query: '?x=1',
    headers: [['Host', '127.0.0.1:4781'], ['Content-Type', 'application/json'], ['User-Agent', 'Qovery'], ['Content-Length', String(bytes.length)]],
    bodyBase64: bytes.toString('base64'),
    size: bytes.length,
    remoteAddress: '127.0.0.1',
    durationMs: 12,
    outcome: 'answered',
    response: { status: 429, headers: [['Retry-After', '30']], body: '' },
    ...extra,
  })
}

describe('captureToCurl', () => {
  it('never lets curl read a file when the body starts with @', () => {
    const command = captureToCurl(capture('@/etc/passwd'), { url: 'http://127.0.0.1:4781/r/inbox/deploys' })
    expect(command).toContain("--data-raw '@/etc/passwd'")
    expect(command).not.toMatch(/--data-binary '@/)
  })

  it('sends bodies with CR or other control characters through base64', () => {
    const command = captureToCurl(capture('{"a":1}\r\n\u001b[31m'), 'http://h/r/inbox')
    expect(command).toMatch(/^printf %s '[A-Za-z0-9+/=]+' \| base64 -d \| curl/)
    expect(command).not.toContain('\r')
    expect(command).not.toContain('\u001b')
  })

  it('blanks the headers curl would add that the original request lacked', () => {
    const command = captureToCurl(capture('{}', { headers: [['Host', 'x']] }), 'http://h/r/inbox')
    expect(command).toContain("-H 'Content-Type:'")
    expect(command).toContain("-H 'Accept:'")
    expect(command).toContain("-H 'User-Agent:'")
    expect(command).not.toContain("'Host: x'")
  })

  it('targets the capture URL and keeps the method', () => {
    const command = captureToCurl(capture('', { method: 'DELETE' }), captureUrl({ ...capture(''), query: '' }, 'http://127.0.0.1:4781/'))
    expect(command.split('\n')[0]).toBe("curl -X DELETE 'http://127.0.0.1:4781/r/inbox/deploys?x=1' \\")
  })
})

describe('captureUrl', () => {
  it('defaults to the Host header and drops /r/<endpoint> for catch-all captures', () => {
    expect(captureUrl(capture(''))).toBe('http://127.0.0.1:4781/r/inbox/deploys?x=1')
    expect(captureUrl(capture('', { catchAll: true, path: '/hooks' }), 'http://localhost:9/')).toBe('http://localhost:9/hooks?x=1')
  })
})

describe('capturesToHar', () => {
  it('describes requests and answers in HAR 1.2 terms', () => {
    const har = capturesToHar([capture('{"a":1}'), capture('', { method: 'GET', response: undefined, outcome: 'abandoned' })])
    const [post, get] = har.log.entries
    expect(post!.request).toMatchObject({ url: 'http://127.0.0.1:4781/r/inbox/deploys?x=1', queryString: [{ name: 'x', value: '1' }], bodySize: 7 })
    expect(post!.response).toMatchObject({ status: 429, statusText: 'Too Many Requests', headers: [{ name: 'Retry-After', value: '30' }] })
    expect(get!.request).not.toHaveProperty('postData')
    expect(get!.response).toMatchObject({ status: 0, _outcome: 'abandoned' })
  })
})
