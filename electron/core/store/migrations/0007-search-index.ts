import type { Migration } from './migration'

/**
 * Full-text indices of titles and message contents (FTS5), so a search reads an index instead of
 * calling a function on every row. Both are external-content tables: the text stays in
 * conversations and messages only, and triggers keep the index in step, keyed by their rowids.
 *
 * unicode61 with remove_diacritics 2 folds case and accents ("Événement" matches "evenement").
 *
 * An answer is indexed when it stops streaming, not while it streams: its content is rewritten
 * with every saved batch of tokens, and re-indexing it each time would make streaming pay for
 * search. So the triggers index exactly the rows whose status is not 'streaming', and remove a row
 * from the index with the very text it was indexed with, as an external-content table requires.
 */
export const searchIndex: Migration = {
  version: 7,
  name: 'search-index',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE conversations_search USING fts5(
        title, content = 'conversations', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE VIRTUAL TABLE messages_search USING fts5(
        content, content = 'messages', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
      );

      CREATE TRIGGER conversations_search_insert AFTER INSERT ON conversations BEGIN
        INSERT INTO conversations_search (rowid, title) VALUES (new.rowid, new.title);
      END;
      CREATE TRIGGER conversations_search_delete AFTER DELETE ON conversations BEGIN
        INSERT INTO conversations_search (conversations_search, rowid, title) VALUES ('delete', old.rowid, old.title);
      END;
      -- Only a rename: every send touches updated_at, which must not re-index the title.
      CREATE TRIGGER conversations_search_update AFTER UPDATE OF title ON conversations WHEN old.title IS NOT new.title BEGIN
        INSERT INTO conversations_search (conversations_search, rowid, title) VALUES ('delete', old.rowid, old.title);
        INSERT INTO conversations_search (rowid, title) VALUES (new.rowid, new.title);
      END;

      CREATE TRIGGER messages_search_insert AFTER INSERT ON messages WHEN new.status <> 'streaming' BEGIN
        INSERT INTO messages_search (rowid, content) VALUES (new.rowid, new.content);
      END;
      -- Also runs for the rows a deleted conversation takes with it (ON DELETE CASCADE fires triggers).
      CREATE TRIGGER messages_search_delete AFTER DELETE ON messages WHEN old.status <> 'streaming' BEGIN
        INSERT INTO messages_search (messages_search, rowid, content) VALUES ('delete', old.rowid, old.content);
      END;
      -- One trigger, so the old text leaves the index before the new one enters it. While an answer
      -- streams (saveProgress: streaming to streaming) the WHEN is false and nothing else runs.
      CREATE TRIGGER messages_search_update AFTER UPDATE OF content, status ON messages
        WHEN old.status <> 'streaming' OR new.status <> 'streaming' BEGIN
        INSERT INTO messages_search (messages_search, rowid, content)
          SELECT 'delete', old.rowid, old.content WHERE old.status <> 'streaming';
        INSERT INTO messages_search (rowid, content) SELECT new.rowid, new.content WHERE new.status <> 'streaming';
      END;

      INSERT INTO conversations_search (rowid, title) SELECT rowid, title FROM conversations;
      INSERT INTO messages_search (rowid, content) SELECT rowid, content FROM messages WHERE status <> 'streaming';
    `)
  }
}
