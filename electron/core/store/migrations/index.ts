import { conversationsAndMessages } from './0001-conversations-and-messages'
import { keyValue } from './0002-key-value'
import { messageOwner } from './0003-message-owner'
import { attempts } from './0004-attempts'
import { breakers } from './0005-breakers'
import { rateBuckets } from './0006-rate-buckets'
import { searchIndex } from './0007-search-index'
import type { Migration } from './migration'

export type { Migration } from './migration'

/**
 * Every migration, in order. To change the schema, add a file `000N-what-it-does.ts`, append
 * it here, and add tests/unit/core/store/migrations/000N-what-it-does.test.ts (migrate.test.ts
 * fails without it). Never edit or reorder a migration that has shipped. To change what ALTER
 * TABLE cannot (a CHECK, a column type), call rebuildTable() from a migration flagged
 * `foreignKeysOff: true`, so the tables referencing the rebuilt one keep their rows.
 */
export const MIGRATIONS: readonly Migration[] = [
  conversationsAndMessages,
  keyValue,
  messageOwner,
  attempts,
  breakers,
  rateBuckets,
  searchIndex
]
