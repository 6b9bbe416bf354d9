import { randomBytes } from 'node:crypto'
import { isIP } from 'node:net'
import { safeEqual } from '../signing/hmac'

/** The query parameter of the link `serve` prints: the page trades it for a cookie. */
export const TOKEN_QUERY = 'token'
/** Tokens are URL-safe so the printed link needs no escaping; long enough not to be guessed. */
export const TOKEN_PATTERN = /^[A-Za-z0-9._~-]{16,256}$/

/** A fresh access token: 32 random bytes, base64url (43 characters). */
export function createAccessToken(): string {
  return randomBytes(32).toString('base64url')
}

/** What is wrong with a token the user chose, or undefined. */
export function tokenProblem(token: string): string | undefined {
  if (TOKEN_PATTERN.test(token)) return undefined
  if (token.length < 16) return 'the token must be at least 16 characters long'
  return 'the token may hold only letters, digits and . _ ~ - (at most 256 characters)'
}

/** Whether an address only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '')
  if (name === 'localhost' || name === '::1') return true
  return isIP(name) === 4 && name.startsWith('127.')
}

/**
 * Which token web mode asks for: the one given, else a fresh one when the address is reachable
 * from other machines, else none (loopback: the request guard is enough).
 */
export function accessTokenFor(host: string, given: string | undefined): string | undefined {
  return given ?? (isLoopbackHost(host) ? undefined : createAccessToken())
}

/** The cookie the page keeps its token in; named after the port, since cookies ignore ports. */
export const tokenCookieName = (port: number) => `hookbench_token_${port}`

/** `Set-Cookie` for the page: not readable by scripts, never sent by other sites. */
export const tokenCookie = (port: number, token: string) => `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`

/** The token a request carries: `Authorization: Bearer <token>` (scripts) or the page's cookie. */
export function presentedToken(headers: { authorization?: string; cookie?: string }, port: number): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1]
  if (bearer) return bearer
  const name = tokenCookieName(port)
  for (const part of (headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=')
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim()
  }
  return undefined
}

/** Constant-time comparison with the expected token. */
export const isTokenValid = (expected: string, presented: string | undefined) => presented !== undefined && safeEqual(expected, presented)
