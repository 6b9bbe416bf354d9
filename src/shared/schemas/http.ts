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
