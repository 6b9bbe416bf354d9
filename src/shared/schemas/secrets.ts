import type { SigningScheme } from './signing-scheme'

/**
 * What is wrong with a secret for a scheme, in one sentence, or undefined when it can be used.
 * Messages show at most one character of the secret, never the secret itself.
 */
export function secretProblem(scheme: SigningScheme, secret: string): string | undefined {
  switch (scheme) {
    case 'standard':
      return standardSecretProblem(secret)
    case 'native':
      return headerValueProblem(secret)
    case 'none':
      return undefined
    default:
      return secret === '' ? `a ${scheme} secret cannot be empty` : undefined
  }
}

/** Accepted but unusual: a Standard Webhooks key outside the spec's 24–64 bytes (the reference library takes any length). */
export function secretWarning(scheme: SigningScheme, secret: string): string | undefined {
  if (scheme !== 'standard' || standardSecretProblem(secret)) return undefined
  const bytes = standardKeyLength(withoutPrefix(secret))
  return bytes < 24 || bytes > 64 ? `the standard key is ${bytes} byte${bytes === 1 ? '' : 's'}; the spec asks for 24–64 random bytes` : undefined
}

const STANDARD_PREFIX = 'whsec_'
const STANDARD_FORMAT = `a standard secret is "${STANDARD_PREFIX}" followed by base64 (24–64 random bytes)`
const BASE64_DIGIT = /^[A-Za-z0-9+/]$/

const withoutPrefix = (secret: string) => (secret.startsWith(STANDARD_PREFIX) ? secret.slice(STANDARD_PREFIX.length) : secret)
const trailingPadding = (text: string) => text.length - text.replace(/=+$/, '').length
const standardKeyLength = (text: string) => Math.floor(((text.length - trailingPadding(text)) * 6) / 8)

function standardSecretProblem(secret: string): string | undefined {
  const problem = base64Problem(withoutPrefix(secret), secret.startsWith(STANDARD_PREFIX))
  return problem && `${STANDARD_FORMAT}; ${problem}`
}

/**
 * Mirrors what the `standardwebhooks` library's decoder accepts: standard alphabet, at least
 * 4 characters, at most two `=` at the end, padding optional. One stricter rule: the library
 * silently ignores a dangling last character (4n+1 digits); we refuse it.
 */
function base64Problem(text: string, prefixed: boolean): string | undefined {
  if (text === '') return prefixed ? `nothing follows "${STANDARD_PREFIX}"` : 'it is empty'
  const padding = trailingPadding(text)
  if (padding > 2) return 'it ends in more than two "=" (base64 pads with at most two)'
  if (text.length < 4) return 'it is too short to be base64 (at least 4 characters)'
  const digits = Array.from(text.slice(0, text.length - padding))
  const at = digits.findIndex((c) => !BASE64_DIGIT.test(c))
  if (at !== -1) return `${describeBadDigit(digits[at]!)} (character ${at + 1}${prefixed ? ` after "${STANDARD_PREFIX}"` : ''})`
  if (digits.length % 4 === 1) return `${digits.length} base64 characters do not make whole bytes (one too many or too few)`
  return undefined
}

function describeBadDigit(char: string): string {
  if (char === '=') return '"=" is padding and may only come at the end'
  if (char === '-' || char === '_') return `"${char}" is URL-safe base64; standard base64 uses "+" and "/"`
  return `${JSON.stringify(char)} is not base64`
}

const HEADER_FORMAT = 'a native secret is sent as-is in a header, so it must be a valid header value'
const NAMED_CHARACTERS: Record<string, string> = { '\r': 'a carriage return (CR)', '\n': 'a line feed (LF)', '\0': 'a NUL character' }

/** Node refuses to send other characters: tab, space, visible ASCII and obs-text (0x80–0xff) only (RFC 9110). */
const isHeaderCharacter = (code: number) => code === 0x09 || (code >= 0x20 && code <= 0xff && code !== 0x7f)

function headerValueProblem(secret: string): string | undefined {
  const problem = headerValueIssue(secret)
  return problem && `${HEADER_FORMAT}; ${problem}`
}

function headerValueIssue(value: string): string | undefined {
  if (value === '') return 'it is empty'
  const bad = Array.from(value).find((c) => !isHeaderCharacter(c.codePointAt(0)!))
  if (bad !== undefined) return `it contains ${NAMED_CHARACTERS[bad] ?? `character U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`}`
  if (/^[ \t]/.test(value)) return 'it starts with whitespace, which HTTP strips'
  if (/[ \t]$/.test(value)) return 'it ends with whitespace, which HTTP strips'
  return undefined
}

// ---- A fresh secret (the subscription form, the built-in inbox) ----

/** `n` random bytes; the browser's (or Node's) CSPRNG unless a test gives its own. */
export type RandomBytes = (n: number) => Uint8Array
export const cryptoRandomBytes: RandomBytes = (n) => crypto.getRandomValues(new Uint8Array(n))

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const base64Url = (bytes: Uint8Array) => base64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

/**
 * A fresh secret in the scheme's shape: Standard Webhooks `whsec_` + base64 of 32 random bytes,
 * Stripe `whsec_` + 64 hex, GitHub and HMAC 64 hex, a native header token 43 URL-safe characters.
 * Undefined for `none` (nothing to sign with).
 */
export function generateSecret(scheme: SigningScheme, random: RandomBytes = cryptoRandomBytes): string | undefined {
  switch (scheme) {
    case 'standard':
      return `whsec_${base64(random(32))}`
    case 'stripe':
      return `whsec_${hex(random(32))}`
    case 'github':
    case 'hmac-sha256':
      return hex(random(32))
    case 'native':
      return base64Url(random(32))
    case 'none':
      return undefined
  }
}
