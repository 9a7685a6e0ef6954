import { createContext, useContext, type ReactNode } from 'react'
import { useStore } from 'zustand'
import type { ChatState } from './chat'
import type { ConversationsState } from './conversations'
import type { HealthState } from './health'
import type { ModelsState } from './models'
import type { NoticesState } from './notices'
import type { SettingsState } from './settings'
import type { Stores } from './app-stores'

const StoresContext = createContext<Stores | null>(null)

/** Makes the slices available to the tree; tests and previews pass stores over any client. */
export function StoresProvider({ stores, children }: { stores: Stores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>
}

/** All slices, for components that call actions. */
export function useStores(): Stores {
  const stores = useContext(StoresContext)
  if (!stores) throw new Error('useStores() outside <StoresProvider>')
  return stores
}

/** Reads the chat slice through a narrow selector. */
export function useChat<T>(selector: (s: ChatState) => T): T {
  return useStore(useStores().chat, selector)
}

/** Reads the conversations slice through a narrow selector. */
export function useConversations<T>(selector: (s: ConversationsState) => T): T {
  return useStore(useStores().conversations, selector)
}

/** Reads the models slice through a narrow selector. */
export function useModels<T>(selector: (s: ModelsState) => T): T {
  return useStore(useStores().models, selector)
}

/** Reads the settings slice through a narrow selector. */
export function useSettings<T>(selector: (s: SettingsState) => T): T {
  return useStore(useStores().settings, selector)
}

/** Reads the notices slice through a narrow selector. */
export function useNotices<T>(selector: (s: NoticesState) => T): T {
  return useStore(useStores().notices, selector)
}

/** Reads the health slice through a narrow selector. */
export function useHealth<T>(selector: (s: HealthState) => T): T {
  return useStore(useStores().health, selector)
}
