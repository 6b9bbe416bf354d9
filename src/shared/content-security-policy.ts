/**
 * The page's Content-Security-Policy, in one place. Web mode sends it as a response header,
 * the desktop app's `app://` protocol sends it as a header too, and the built `index.html`
 * carries it as a `<meta>` tag (injected at build time from here, so the three cannot drift).
 *
 * Scripts only from the app itself (no inline script, no eval); inline styles are allowed
 * because CodeMirror writes its theme into `<style>` elements at run time.
 */
const DIRECTIVES: ReadonlyArray<readonly [name: string, sources: string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
]

/** Directives a `<meta>` policy cannot carry (browsers ignore them there and warn). */
const HEADER_ONLY = new Set(['frame-ancestors'])

function policy(directives: typeof DIRECTIVES): string {
  return directives.map(([name, sources]) => `${name} ${sources}`).join('; ')
}

/** The policy as a `Content-Security-Policy` response header. */
export const CONTENT_SECURITY_POLICY = policy(DIRECTIVES)

/** The same policy for `<meta http-equiv="Content-Security-Policy">`: header-only directives left out. */
export const META_CONTENT_SECURITY_POLICY = policy(DIRECTIVES.filter(([name]) => !HEADER_ONLY.has(name)))

/** The `<meta>` tag as Vite's `transformIndexHtml` describes tags; first in `<head>`, before any script. */
export const CONTENT_SECURITY_POLICY_META_TAG = {
  tag: 'meta',
  attrs: { 'http-equiv': 'Content-Security-Policy', content: META_CONTENT_SECURITY_POLICY },
  injectTo: 'head-prepend',
} as const
