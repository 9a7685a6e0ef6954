import { WorkbenchError } from '../../shared/errors'
import type { Handlers } from '../../shared/ipc/contract'
import { MESSAGE_PAGE_SIZE, type HealthView } from '../../shared/types/domain'
import type { SettingsView } from '../../shared/types/settings'
import type { ChatService } from './chat/chat-service'
import type { EventBus } from './events/event-bus'
import type { KeyService } from './keys/key-service'
import type { KeyTest } from './keys/key-test'
import type { SettingsService } from './settings/settings-service'
import type { Store } from './store/types'
import type { ModelCatalog } from './llm/model-catalog'

export interface HandlerDeps {
  store: Store
  events: EventBus
  chat: ChatService
  settings: SettingsService
  /** The settings with each provider's key status (settings-view.ts). */
  view: () => Promise<SettingsView>
  models: ModelCatalog
  keys: KeyService
  testKey: KeyTest
  health: () => HealthView
  now: () => number
}

/** The contract, answered. Each handler is one line of glue to a service: no logic lives here. */
export function createHandlers({ store, events, chat, settings, view, models, keys, testKey, health, now }: HandlerDeps): Handlers {
  const changed = (conversationId: string | null) => events.emit('conversations.changed', { conversationId })
  return {
    'conversations.list': async ({ query, limit }) => store.conversations.list(query, limit),
    'conversations.get': async ({ id, before, limit }) => {
      const conversation = store.conversations.get(id)
      if (!conversation) throw new WorkbenchError('not_found', 'That conversation no longer exists.')
      return { conversation, ...store.messages.page(id, { before, limit: limit ?? MESSAGE_PAGE_SIZE }) }
    },
    'conversations.create': async ({ title }) => {
      const conversation = store.conversations.create(title ?? 'New conversation', now())
      changed(conversation.id)
      return conversation
    },
    'conversations.rename': async ({ id, title }) => {
      const conversation = store.conversations.rename(id, title, now())
      if (!conversation) throw new WorkbenchError('not_found', 'That conversation no longer exists.')
      changed(id)
      return conversation
    },
    'conversations.delete': async ({ id }) => {
      chat.stopConversation(id)
      const deleted = store.conversations.delete(id)
      if (deleted) changed(id)
      return { deleted }
    },
    'chat.send': (input) => chat.send(input),
    'chat.stop': async ({ messageId }) => ({ stopped: chat.stop(messageId) }),
    'models.list': ({ refresh }) => models.list({ refresh: refresh ?? false }),
    'models.default': async () => ({ model: await chat.defaultModel() }),
    'settings.get': () => view(),
    'settings.setProviders': async ({ providers }) => {
      settings.setProviders(providers)
      models.invalidate()
      return view()
    },
    'settings.set': async ({ key, value }) => {
      // The key backend changes only through keys.useBackend, which first checks that it works.
      if (key === 'keyBackend' || key.startsWith('keyBackend.')) {
        throw new WorkbenchError('use_keys_backend', 'Choose where keys are kept in Settings (keys.useBackend): it is checked before it is saved.')
      }
      settings.set(key, value)
      return view()
    },
    'health.get': async () => health(),
    'settings.setDefaultModel': async ({ model }) => {
      settings.setDefaultModel(model)
      return view()
    },
    'keys.set': async ({ provider, key }) => {
      await keys.set(requireProvider(settings, provider), key)
      models.invalidate()
      return view()
    },
    'keys.remove': async ({ provider }) => {
      await keys.remove(requireProvider(settings, provider))
      models.invalidate()
      return view()
    },
    'keys.test': ({ provider }) => testKey(requireProvider(settings, provider)),
    'keys.confirmHost': async ({ provider }) => {
      await keys.confirmHost(requireProvider(settings, provider))
      models.invalidate()
      return view()
    },
    'keys.useBackend': async ({ backend }) => {
      await keys.checkBackend(backend)
      settings.set('keyBackend', backend)
      models.invalidate()
      return view()
    }
  }
}

function requireProvider(settings: SettingsService, id: string) {
  const provider = settings.provider(id)
  if (!provider) throw new WorkbenchError('unknown_provider', `No provider "${id}" is configured.`)
  return provider
}
