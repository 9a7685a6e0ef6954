import { afterEach } from 'vitest'
import { createStore } from '../../../../electron/core/store/create-store'
import type { Store } from '../../../../electron/core/store/types'
import { useTempDir } from './temp-dir'

/** Opens real stores on files in a temp folder and closes them after each test. */
export function useStores(): { path: (name: string) => string; open: (name?: string) => Store } {
  const path = useTempDir()
  const stores: Store[] = []
  // Registered after useTempDir's hook, so it runs first: close before the folder goes.
  afterEach(() => {
    for (const store of stores.splice(0)) store.close()
  })
  return {
    path,
    open(name = 'workbench.sqlite') {
      const store = createStore(path(name), { now: () => 1_000 })
      stores.push(store)
      return store
    }
  }
}
