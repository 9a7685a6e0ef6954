import { WorkbenchError } from '../../../shared/errors'

// Path segments that could reach Object.prototype through a crafted key.
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor'])

/** "routes.default" → ['routes', 'default'], refusing empty and prototype-reaching segments. */
export function parsePath(key: string): string[] {
  const parts = key.split('.')
  if (parts.some((p) => p === '' || FORBIDDEN.has(p))) throw new WorkbenchError('invalid_key', `"${key}" is not a settings key.`)
  return parts
}

/** The value at a dotted path, or undefined. */
export function getByPath(root: unknown, key: string): unknown {
  let node = root
  for (const part of parsePath(key)) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, part)) return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return node
}

/** A copy of root with value set at the dotted path; missing objects on the way are created. */
export function setByPath<T>(root: T, key: string, value: unknown): T {
  const parts = parsePath(key)
  const copy = structuredClone(root) as Record<string, unknown>
  let node = copy
  for (const part of parts.slice(0, -1)) {
    const next = node[part]
    // Arrays are objects too: "providers.0.limits" walks into the first provider.
    node = next !== null && typeof next === 'object' ? (next as Record<string, unknown>) : (node[part] = {})
  }
  node[parts.at(-1)!] = value
  return copy as T
}
