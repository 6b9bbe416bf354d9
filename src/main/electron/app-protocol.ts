import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import type { CustomScheme } from 'electron'
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy'
import { CONTENT_TYPES } from '../web/static-files'
import { resolveStaticPath } from '../web/static-path'
import { APP_HOST, APP_SCHEME } from './renderer-location'

/**
 * `app://` is a standard, secure scheme: relative URLs and ES modules resolve like on the web,
 * the page is a secure context, and `'self'` in the CSP means `app://hookbench`. It is not
 * `corsEnabled` (other origins cannot read it) and does not `bypassCSP`.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
}

/**
 * Serves the built renderer from `rootDir` for `app://hookbench/...`, and nothing else: other
 * hosts, methods other than GET, and paths that leave `rootDir` are refused; the HTML carries the
 * one Content-Security-Policy. Unlike `file://`, a script in the page cannot read other files.
 */
export function createAppProtocolHandler(rootDir: string, read: (path: string) => Promise<Buffer> = readFile) {
  return async (request: Request): Promise<Response> => {
    if (request.method !== 'GET') return refusal(405, 'Only GET is served')
    const file = fileFor(request.url, rootDir)
    if (!file) return refusal(404, 'Not found')
    let body: Buffer
    try {
      body = await read(file)
    } catch {
      return refusal(404, 'Not found')
    }
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream'
    const headers: Record<string, string> = { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff' }
    if (type.startsWith('text/html')) headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY
    return new Response(new Uint8Array(body), { status: 200, headers })
  }
}

/** The file a URL names inside `rootDir` (web mode's rules for static paths), or undefined when it names anything else. */
export function fileFor(url: string, rootDir: string): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return undefined
  const found = resolveStaticPath(rootDir, parsed.pathname === '/' ? '/index.html' : parsed.pathname)
  return found.ok ? found.path : undefined
}

function refusal(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } })
}
