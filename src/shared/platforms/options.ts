import { z } from 'zod'

/** One subscription option of a platform, as the CLI (`--flag`) and the subscription form show it. */
export const OptionInfo = z.object({
  key: z.string(),
  /** The `hookbench fire` flag: the key in kebab case (`secretHeader` → `--secret-header`). */
  flag: z.string(),
  /** choice: one of `values`; choices: a list of them; text: free text; list: comma-separated text. */
  kind: z.enum(['choice', 'choices', 'text', 'list']),
  values: z.array(z.string()).default([]),
  default: z.json().optional(),
  description: z.string(),
})
export type OptionInfo = z.infer<typeof OptionInfo>

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

function unwrap(field: z.ZodType): z.ZodType {
  let inner = field
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType
  return inner
}

function kindOf(inner: z.ZodType): Pick<OptionInfo, 'kind' | 'values'> {
  if (inner instanceof z.ZodEnum) return { kind: 'choice', values: inner.options.map(String) }
  if (inner instanceof z.ZodArray) {
    const element = inner.element as z.ZodType
    return element instanceof z.ZodEnum ? { kind: 'choices', values: element.options.map(String) } : { kind: 'list', values: [] }
  }
  return { kind: 'text', values: [] }
}

/** Reads a platform's options schema: every field with its kind, values, default and description. */
export function describeOptions(schema: z.ZodObject): OptionInfo[] {
  return Object.entries(schema.shape).map(([key, value]) => {
    const field = value as z.ZodType
    const fallback = field.safeParse(undefined)
    return {
      key,
      flag: `--${kebab(key)}`,
      ...kindOf(unwrap(field)),
      ...(fallback.success && fallback.data !== undefined && { default: fallback.data as z.core.util.JSONType }),
      description: field.description ?? key,
    }
  })
}
