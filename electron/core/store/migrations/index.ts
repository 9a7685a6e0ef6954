import { conversationsAndMessages } from './0001-conversations-and-messages'
import { keyValue } from './0002-key-value'
import { messageOwner } from './0003-message-owner'
import { attempts } from './0004-attempts'
import { breakers } from './0005-breakers'
import { rateBuckets } from './0006-rate-buckets'
import type { Migration } from './migration'

export type { Migration } from './migration'

/**
 * Every migration, in order. To change the schema, add a file `000N-what-it-does.ts`, append
 * it here, and add tests/unit/core/store/migrations/000N-what-it-does.test.ts. Never edit or
 * reorder a migration that has shipped.
 */
export const MIGRATIONS: readonly Migration[] = [conversationsAndMessages, keyValue, messageOwner, attempts, breakers, rateBuckets]
