import { z } from 'zod'

/** A header as sent or received: name (original case) and value, kept in order. */
export const HeaderPair = z.tuple([z.string().min(1), z.string()])
export type HeaderPair = z.infer<typeof HeaderPair>

/** An absolute http(s) URL; surrounding whitespace is trimmed like Qovery's console does. */
export const HttpUrl = z
  .string()
  .trim()
  .refine((value) => /^https?:\/\/[^\s/]+/i.test(value) && URL.canParse(value), 'must be an http:// or https:// URL')
