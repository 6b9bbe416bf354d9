import { dirname } from 'node:path'
import { createAppProtocolHandler } from '../../src/main/electron/app-protocol'
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from '../../src/shared/content-security-policy'
import { RENDERER_INDEX } from '../support/paths'
import { expect, gotoApp, pageErrors, test } from './fixtures'

// Nothing in one test depends on another, and none changes what the engine holds.
test.describe.configure({ mode: 'parallel' })

/** The policies of the page's CSP `<meta>` tags, as the browser reads them (Vite writes ' as &#39;). */
function metaPolicies(html: string): string[] {
  const decode = (value: string) => value.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&')
  return [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/g)].map((match) => decode(match[1]!))
}

test.describe('one Content-Security-Policy for web mode and the desktop app', () => {
  test('web mode sends it as a header, and the built page carries it as its first <meta>, before any script', async ({ sharedServe: serve }) => {
    const response = await fetch(serve.url)
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    const html = await response.text()
    expect(metaPolicies(html)).toEqual([META_CONTENT_SECURITY_POLICY])
    const head = /<head>([\s\S]*?)<\/head>/.exec(html)![1]!
    expect(head.indexOf('Content-Security-Policy')).toBeGreaterThan(-1)
    expect(head.indexOf('Content-Security-Policy')).toBeLessThan(head.indexOf('<script'))
  })

  test('the desktop app serves the same built page from app:// with the same header, and every script and stylesheet with its type', async ({ sharedServe: serve }) => {
    const handle = createAppProtocolHandler(dirname(RENDERER_INDEX))
    const page = await handle(new Request('app://hookbench/index.html'))
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    const html = await page.text()
    expect(html).toBe(await (await fetch(serve.url)).text())
    const references = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)].map((match) => match[1]!)
    expect(references.length).toBeGreaterThan(0)
    for (const reference of references) {
      const url = new URL(reference, 'app://hookbench/index.html')
      expect(url.host, reference).toBe('hookbench')
      const asset = await handle(new Request(url.href))
      expect(asset.status, reference).toBe(200)
      expect(asset.headers.get('content-type'), reference).toMatch(/^text\/(javascript|css)/)
    }
  })

  test.describe('in the browser', () => {
    test.use({ viewport: { width: 1024, height: 700 } })

    test('the UI runs under the policy without a violation, and the policy stops an injected inline script', async ({ page, sharedServe: serve }) => {
      const consoleErrors = pageErrors(page, { console: true })
      await gotoApp(page, serve, 'timeline')
      expect(consoleErrors).toEqual([])
      const violated = await page.evaluate(`new Promise((resolve) => {
        document.addEventListener('securitypolicyviolation', (event) => resolve(event.violatedDirective), { once: true })
        const script = document.createElement('script')
        script.textContent = 'window.injectedScriptRan = true'
        document.head.append(script)
      })`)
      expect(violated).toMatch(/^script-src/)
      expect(await page.evaluate('window.injectedScriptRan === true')).toBe(false)
    })
  })
})
