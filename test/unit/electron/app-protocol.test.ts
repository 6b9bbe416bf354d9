import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from '../../../src/main/electron/app-protocol'
import { CONTENT_SECURITY_POLICY } from '../../../src/shared/content-security-policy'

// out/ holds the UI in renderer/ and a secret beside it that the page must never read.
const outside = mkdtempSync(join(tmpdir(), 'hookbench-app-protocol-'))
const rootDir = join(outside, 'renderer')

beforeAll(() => {
  mkdirSync(join(rootDir, 'assets'), { recursive: true })
  writeFileSync(join(rootDir, 'index.html'), '<!doctype html><title>Hookbench</title>')
  writeFileSync(join(rootDir, 'assets', 'index-abc.js'), 'export {}')
  writeFileSync(join(rootDir, 'assets', 'index-abc.css'), 'body{}')
  writeFileSync(join(outside, 'secret.txt'), 'the user’s secret')
})

function handlerWithSpy() {
  const read = vi.fn((path: string) => readFile(path))
  return { handle: createAppProtocolHandler(rootDir, read), read }
}

describe('the app:// protocol', () => {
  it('serves the page with the one Content-Security-Policy', async () => {
    const { handle } = handlerWithSpy()
    for (const url of ['app://hookbench/index.html', 'app://hookbench/']) {
      const response = await handle(new Request(url))
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      await expect(response.text()).resolves.toContain('<title>Hookbench</title>')
    }
  })

  it('serves scripts and styles with their types (ES modules need a JavaScript type)', async () => {
    const { handle } = handlerWithSpy()
    const script = await handle(new Request('app://hookbench/assets/index-abc.js'))
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    await expect(script.text()).resolves.toBe('export {}')
    const style = await handle(new Request('app://hookbench/assets/index-abc.css'))
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8')
  })

  it.each([
    ['an encoded ../', 'app://hookbench/..%2Fsecret.txt'],
    ['encoded dots', 'app://hookbench/%2e%2e%2fsecret.txt'],
    ['a climb from a subfolder', 'app://hookbench/assets/..%2F..%2Fsecret.txt'],
    ['a backslash climb', 'app://hookbench/..%5Csecret.txt'],
    ['an absolute path', `app://hookbench/${encodeURIComponent(join(outside, 'secret.txt'))}`],
    ['a NUL byte', 'app://hookbench/index.html%00.js'],
    ['malformed escapes', 'app://hookbench/%E0%A4%A'],
    ['another host', 'app://evil/index.html'],
    ['a file that is not there', 'app://hookbench/missing.js'],
  ])('answers 404 to %s and reads nothing outside the UI', async (_what, url) => {
    const { handle, read } = handlerWithSpy()
    const response = await handle(new Request(url))
    expect(response.status).toBe(404)
    await expect(response.text()).resolves.not.toContain('secret')
    for (const [path] of read.mock.calls) expect(path.startsWith(rootDir)).toBe(true)
  })

  it('serves GET only', async () => {
    const { handle, read } = handlerWithSpy()
    const response = await handle(new Request('app://hookbench/index.html', { method: 'POST', body: 'x' }))
    expect(response.status).toBe(405)
    expect(read).not.toHaveBeenCalled()
  })

  it('is a standard, secure scheme that other origins cannot read and that does not bypass the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app')
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true })
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP')
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('corsEnabled')
  })
})
