import type { OptionInfo } from '../../../shared/platforms/options'

/** What the form holds for one option: text (choice, text, list) or the ticked values (choices). */
export type OptionValue = string | string[]
export type OptionValues = Record<string, OptionValue>

export const splitList = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

/** The form value of an option the user has not touched: its default. */
export function initialValue(option: OptionInfo): OptionValue {
  const fallback = option.default
  if (option.kind === 'choices') return Array.isArray(fallback) ? fallback.map(String) : []
  if (option.kind === 'list') return Array.isArray(fallback) ? fallback.join(', ') : ''
  return typeof fallback === 'string' ? fallback : ''
}

/** The `options` to send: lists split on commas; empty text is left out, so the platform's default applies. */
export function optionsToSend(options: OptionInfo[], values: OptionValues): Record<string, OptionValue> {
  const sent: Record<string, OptionValue> = {}
  for (const option of options) {
    const value = values[option.key] ?? initialValue(option)
    if (typeof value !== 'string') sent[option.key] = value
    else if (option.kind === 'list') sent[option.key] = splitList(value)
    else if (value.trim() !== '') sent[option.key] = value
  }
  return sent
}
