import { isAbsolute, join, normalize, resolve, sep } from 'node:path'

/** Where a request for a static file leads: a path inside the root, or a refusal. */
export type StaticPath = { ok: true; path: string } | { ok: false; reason: string }

/**
 * The file a URL names inside `rootDir`, decoded once. Anything that could climb out of the
 * root is refused rather than normalised away: `..` segments (written plainly or percent-encoded),
 * encoded slashes and backslashes, a percent sign still there after decoding (double encoding),
 * NUL, and malformed escapes. The UI's own files have none of these in their names.
 */
export function resolveStaticPath(rootDir: string, rawUrl: string): StaticPath {
  const rawPath = rawUrl.split(/[?#]/, 1)[0] ?? '/'
  let decoded: string
  try {
    decoded = decodeURIComponent(rawPath)
  } catch {
    return { ok: false, reason: 'malformed percent-encoding' }
  }
  if (/%[0-9a-f]{2}/i.test(decoded)) return { ok: false, reason: 'encoded twice' }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, reason: 'NUL or backslash in the path' }
  if (decoded.split('/').some((segment) => segment === '..')) return { ok: false, reason: 'a ".." segment' }
  const root = resolve(rootDir)
  const relative = decoded.replace(/^\/+/, '')
  if (isAbsolute(relative)) return { ok: false, reason: 'an absolute path' }
  const candidate = normalize(join(root, relative))
  if (candidate !== root && !candidate.startsWith(root + sep)) return { ok: false, reason: 'outside the UI directory' }
  return { ok: true, path: candidate }
}
