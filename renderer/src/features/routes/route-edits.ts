import { DEFAULT_ROUTE, type Settings } from '../../../../shared/types/settings'

/** The schema's limit on targets per route. */
export const MAX_TARGETS = 16

/** Same rule as the RouteName schema, checked early so the form can say what is wrong. */
const ROUTE_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/

/** The list with one target moved by `delta` places; unchanged when that would leave the list. */
export function moveTarget(targets: readonly string[], index: number, delta: -1 | 1): string[] {
  const to = index + delta
  if (index < 0 || index >= targets.length || to < 0 || to >= targets.length) return [...targets]
  const next = [...targets]
  ;[next[index], next[to]] = [next[to]!, next[index]!]
  return next
}

/** The list without the target at `index`. */
export function removeTarget(targets: readonly string[], index: number): string[] {
  return targets.filter((_, i) => i !== index)
}

/** The list with `ref` at the end, or why it cannot be added. */
export function addTarget(targets: readonly string[], ref: string): { targets: string[] } | { problem: string } {
  if (!ref) return { problem: 'Pick a model to add.' }
  if (targets.includes(ref)) return { problem: `${ref} is already in this route: a target is tried once per turn.` }
  if (targets.length >= MAX_TARGETS) return { problem: `A route holds at most ${MAX_TARGETS} targets.` }
  return { targets: [...targets, ref] }
}

/** What is wrong with a new route's name, or null when it can be created. */
export function validateRouteName(name: string, existing: readonly string[]): string | null {
  if (!ROUTE_NAME.test(name)) return 'Route names are lowercase letters, digits, - and _ (up to 32), e.g. "cheap-first".'
  if (existing.includes(name)) return `A route "${name}" already exists.`
  return null
}

/** Named routes a message can be sent on: the default is the picker's '' and empty ones would only fail. */
export function pickableRoutes(routes: Settings['routes']): string[] {
  return Object.keys(routes)
    .filter((name) => name !== DEFAULT_ROUTE && (routes[name]?.length ?? 0) > 0)
    .sort()
}
