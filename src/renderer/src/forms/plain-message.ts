import type { z } from 'zod'

/** A schema issue in the words of the form (no paths, no codes, no flags). */
export function plainMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small': {
      const min = Number(issue.minimum)
      if (issue.origin === 'string') return min <= 1 ? 'cannot be empty' : `must be at least ${min} characters`
      if (issue.origin === 'array') return `choose at least ${min}`
      return `must be at least ${min.toLocaleString()}`
    }
    case 'too_big': {
      const max = Number(issue.maximum)
      if (issue.origin === 'string') return `must be at most ${max} characters`
      if (issue.origin === 'array') return `choose at most ${max}`
      return `must be at most ${max.toLocaleString()}`
    }
    case 'invalid_type':
      if (issue.expected === 'int') return 'must be a whole number'
      if (issue.expected === 'number') return 'must be a number'
      return issue.input === undefined ? 'is required' : 'has the wrong kind of value'
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`
    case 'invalid_format':
      // A pattern's own message ("must be letters, digits, _ or -") says more than its format.
      if (!issue.message.startsWith('Invalid')) return issue.message
      return issue.format === 'datetime' ? 'must be a date and time' : `is not a valid ${issue.format}`
    case 'unrecognized_keys':
      return `${issue.keys.join(', ')} is not a setting of this platform`
    case 'invalid_union':
      return 'is not one of the accepted values'
    default:
      return issue.message
  }
}
