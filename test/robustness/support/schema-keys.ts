import { z } from 'zod'

/** The top-level field names an input schema knows (through defaults, pipes and unions). */
export function inputKeys(schema: z.ZodType): string[] {
  const keys = new Set<string>()
  const visit = (s: z.ZodType, depth: number) => {
    if (depth > 5) return
    if (s instanceof z.ZodObject) for (const key of Object.keys(s.shape)) keys.add(key)
    else if (s instanceof z.ZodPipe) visit(s.in as z.ZodType, depth + 1)
    else if (s instanceof z.ZodDefault || s instanceof z.ZodOptional) visit(s.unwrap() as z.ZodType, depth + 1)
    else if (s instanceof z.ZodUnion || s instanceof z.ZodDiscriminatedUnion) for (const o of s.options) visit(o as z.ZodType, depth + 1)
    else if (s instanceof z.ZodIntersection) {
      visit(s.def.left as z.ZodType, depth + 1)
      visit(s.def.right as z.ZodType, depth + 1)
    }
  }
  visit(schema, 0)
  return [...keys]
}
