import type { z } from 'zod'
import { Settings } from '../../../shared/types/settings'

// What a person types after a record's name: routes.<route name>, targetTimeouts.<provider:model>.
const RECORD_KEY_WORDS: Record<string, string> = { routes: '<route name>', targetTimeouts: '<provider:model>' }

/**
 * Every key `settings.set` accepts, read from the schema so the list cannot fall behind it:
 * `timeouts.idleMs`, `routes.<route name>`, `providers` (lists are set whole or by index).
 */
export function settingsKeys(): string[] {
  return Object.entries(Settings.shape).flatMap(([key, schema]) => {
    const inner = unwrap(schema)
    if (inner.def.type === 'object') return [key, ...Object.keys((inner as z.ZodObject).shape).map((sub) => `${key}.${sub}`)]
    if (inner.def.type === 'record') return [key, `${key}.${RECORD_KEY_WORDS[key] ?? '<name>'}`]
    return [key]
  })
}

/** The schema under defaults, nullables and optionals. */
function unwrap(schema: z.ZodType): z.ZodType {
  let node = schema
  while (node.def.type === 'default' || node.def.type === 'nullable' || node.def.type === 'optional') node = (node as z.ZodDefault).def.innerType as z.ZodType
  return node
}
