import { z } from 'zod'

/** A header as sent or received: name (original case) and value, kept in order. */
export const HeaderPair = z.tuple([z.string().min(1), z.string()])
export type HeaderPair = z.infer<typeof HeaderPair>

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
