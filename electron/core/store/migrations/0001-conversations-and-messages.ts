import type { Migration } from './migration'

/** Conversations and their messages, ordered by seq within a conversation. */
export const conversationsAndMessages: Migration = {
  version: 1,
  name: 'conversations-and-messages',
  up(db) {
    // STRICT tables reject a wrongly typed value instead of silently storing it.
    db.exec(`
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY NOT NULL,
        title TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE messages (
        id TEXT PRIMARY KEY NOT NULL,
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
        content TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN ('streaming', 'complete', 'partial', 'failed')),
        provider TEXT,
        model TEXT,
        created_at INTEGER NOT NULL,
        completed_at INTEGER,
        first_token_ms INTEGER,
        latency_ms INTEGER,
        input_tokens INTEGER,
        output_tokens INTEGER,
        finish_reason TEXT,
        error_code TEXT,
        error_message TEXT,
        error_retryable INTEGER CHECK (error_retryable IN (0, 1)),
        -- Set on the user's message of a turn, so a resent request finds the turn it already made.
        idempotency_key TEXT UNIQUE
      ) STRICT;

      -- Unique: two turns racing for the same seq must not both commit.
      CREATE UNIQUE INDEX messages_by_conversation_seq ON messages (conversation_id, seq);
      CREATE INDEX conversations_by_updated_at ON conversations (updated_at DESC);
      -- Partial: only the few answers still streaming, which recovery looks up at start.
      CREATE INDEX messages_streaming ON messages (status) WHERE status = 'streaming';
    `)
  }
}
