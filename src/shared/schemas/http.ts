import { z } from 'zod'

/** A header as sent or received: name (original case) and value, kept in order. */
export const HeaderPair = z.tuple([z.string().min(1), z.string()])
export type HeaderPair = z.infer<typeof HeaderPair>

/** RFC 9110 `token`: the only header names Node sends (`validateHeaderName`). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
/** Tab, visible ASCII, space and obs-text: what Node sends in a value (no CR, LF, NUL or other control). */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/

/** Why Node would refuse to send this header name, or undefined when it is fine. */
export function headerNameProblem(name: string): string | undefined {
  if (HEADER_NAME.test(name)) return undefined
  return `"${printable(name)}" is not a header name: use letters, digits and !#$%&'*+-.^_\`|~ only (no spaces, colons or line breaks)`
}

/** Why Node would refuse to send this header value, or undefined when it is fine. */
export function headerValueProblem(name: string, value: string): string | undefined {
  if (HEADER_VALUE.test(value)) return undefined
  return `the value of "${printable(name)}" holds a line break, NUL or other control character, which cannot be sent`
}

/** Why the first header of the list that cannot be sent is refused, or undefined when all can. */
export function headerProblem(headers: readonly HeaderPair[]): string | undefined {
  for (const [name, value] of headers) {
    const problem = headerNameProblem(name) ?? headerValueProblem(name, value)
    if (problem) return problem
  }
  return undefined
}

/** Control characters shown as escapes, so a message about them stays on one line. */
const printable = (text: string) => JSON.stringify(text).slice(1, -1)

/** A header name Hookbench will send (a subscription's `hmacHeader`, a scripted answer's header). */
export const HeaderName = z.string().superRefine((name, ctx) => {
  const problem = headerNameProblem(name)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})

/**
 * A header as a user gives it for sending: refused where it comes in, since Node throws on it when
 * the request is made. Stored data keeps the lenient `HeaderPair`, so an older file still opens
 * (such a header fails its delivery with the same message instead).
 */
export const SendableHeaderPair = HeaderPair.superRefine(([name, value], ctx) => {
  const nameProblem = headerNameProblem(name)
  if (nameProblem) ctx.addIssue({ code: 'custom', path: [0], message: nameProblem })
  else {
    const valueProblem = headerValueProblem(name, value)
    if (valueProblem) ctx.addIssue({ code: 'custom', path: [1], message: valueProblem })
  }
})

/** Adds an issue at `path` for every header of the list that cannot be sent. */
export function checkHeaders(ctx: z.RefinementCtx, headers: readonly HeaderPair[], path: PropertyKey[]) {
  for (const [index, [name, value]] of headers.entries()) {
    const problem = headerNameProblem(name)
    if (problem) ctx.addIssue({ code: 'custom', path: [...path, index, 0], message: problem })
    const valueProblem = problem ? undefined : headerValueProblem(name, value)
    if (valueProblem) ctx.addIssue({ code: 'custom', path: [...path, index, 1], message: valueProblem })
  }
}

/** An absolute http(s) URL; surrounding whitespace is trimmed like Qovery's console does. */
export const HttpUrl = z
  .string()
  .trim()
  .refine((value) => /^https?:\/\/[^\s/]+/i.test(value) && URL.canParse(value), 'must be an http:// or https:// URL')

/** Node's flat `rawHeaders` list as ordered name/value pairs, original case kept. */
export function headerPairs(rawHeaders: string[]): HeaderPair[] {
  const pairs: HeaderPair[] = []
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) pairs.push([rawHeaders[i]!, rawHeaders[i + 1]!])
  return pairs
}

/**
 * One `Name: value` line as a header: the name before the first colon and the value after it,
 * both trimmed. Undefined when there is no name (no colon, or nothing before it): the caller says
 * how its users write one (a flag, a form field).
 */
export function headerLine(line: string): HeaderPair | undefined {
  const colon = line.indexOf(':')
  const name = colon < 0 ? '' : line.slice(0, colon).trim()
  return name ? [name, line.slice(colon + 1).trim()] : undefined
}

/** First value of a header, any case. */
export function headerValue(headers: HeaderPair[], name: string): string | undefined {
  const lower = name.toLowerCase()
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1]
}

/** Reason phrases for the statuses webhook receivers usually answer (Go's and Node's wording). */
export const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  410: 'Gone',
  413: 'Payload Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}
