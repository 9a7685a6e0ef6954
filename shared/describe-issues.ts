import type { z } from 'zod'

type Issue = z.ZodError['issues'][number]

/** What zod calls a type, in words a person uses. */
const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null'
}

// zod's own messages start like this; anything else was written by us in a schema and is kept.
const ZOD_WORDING = /^(Invalid|Too (small|big)|Unrecognized)/

/**
 * Turns zod's issues into one sentence that names each field, e.g.
 * `"id" is required (expected text); "limit" must be at most 1000.` `input` is the value that
 * was checked, so a missing field can be told from a wrong one.
 */
export function describeIssues(issues: readonly Issue[], input: unknown, max = 5): string {
  const parts = issues.slice(0, max).map((issue) => describeIssue(issue, input))
  const more = issues.length > max ? `; and ${issues.length - max} more` : ''
  return `${parts.join('; ')}${more}.`
}

/** One issue as a clause: the field in quotes, then what is wrong with it. */
export function describeIssue(issue: Issue, input: unknown): string {
  const field = issue.path.length ? `"${issue.path.map(String).join('.')}"` : 'the request'
  if (!ZOD_WORDING.test(issue.message)) return `${field}: ${issue.message}`
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected
      return valueAt(input, issue.path) === undefined ? `${field} is required (expected ${expected})` : `${field} must be ${expected}`
    }
    case 'too_small':
      return `${field} ${bound('at least', issue.origin, Number(issue.minimum), issue.inclusive !== false)}`
    case 'too_big':
      return `${field} ${bound('at most', issue.origin, Number(issue.maximum), issue.inclusive !== false)}`
    case 'invalid_value':
      return `${field} must be ${issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`}`
    case 'invalid_format':
      return issue.format === 'url' ? `${field} must be a web address (http:// or https://)` : `${field} is not in the expected form (${issue.format})`
    case 'unrecognized_keys':
      return `${issue.keys.map((k) => `"${k}"`).join(', ')} ${issue.keys.length === 1 ? 'is not a known field' : 'are not known fields'}${issue.path.length ? ` of ${field}` : ''}`
    case 'invalid_key':
      return `${field} is not an allowed name here${issue.issues[0] && !ZOD_WORDING.test(issue.issues[0].message) ? ` (${issue.issues[0].message})` : ''}`
    case 'invalid_union':
      return `${field} does not match any of the accepted forms`
    default:
      return `${field}: ${issue.message}`
  }
}

function bound(words: string, origin: string, n: number, inclusive: boolean): string {
  if (origin === 'string') return n === 1 && words === 'at least' ? 'cannot be empty' : `must be ${words} ${n} characters long`
  if (origin === 'array' || origin === 'set') return `must have ${words} ${n} item${n === 1 ? '' : 's'}`
  if (inclusive) return `must be ${words} ${n}`
  return `must be ${words === 'at least' ? 'more than' : 'less than'} ${n}`
}

/** The value at a path of the checked input, or undefined when any step is missing. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<PropertyKey, unknown>)[key]
  }
  return node
}
