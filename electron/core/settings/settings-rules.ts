import { splitModelRef } from '../../../shared/types/domain'
import type { Settings } from '../../../shared/types/settings'

/**
 * What the schema cannot see: settings that point at each other. Every provider:model a setting
 * names (route targets, the default model, per-target timeouts) must name a configured provider,
 * enabled or not (a disabled one is skipped when routing and may be enabled again), and there
 * must be at least one provider. Each problem is a sentence that says what to change.
 */
export function referenceProblems(settings: Settings): string[] {
  const configured = settings.providers.map((p) => p.id)
  const known = new Set(configured)
  const problems: string[] = []
  if (configured.length === 0) problems.push('at least one provider is needed: with none, no message can be answered')
  const list = configured.length ? `configured: ${configured.join(', ')}` : 'none is configured'
  const check = (where: string, ref: string, fix: string) => {
    const { provider } = splitModelRef(ref)
    if (!known.has(provider)) problems.push(`${where} names "${ref}", but there is no provider "${provider}" (${list}); ${fix}`)
  }
  for (const [name, targets] of Object.entries(settings.routes)) {
    for (const ref of targets) check(`routes.${name}`, ref, 'add the provider first or remove the target from the route')
  }
  if (settings.defaultModel) check('defaultModel', settings.defaultModel, 'pick another default model')
  for (const ref of Object.keys(settings.targetTimeouts)) check('targetTimeouts', ref, 'remove its timeouts first')
  return problems
}
