import { type Kysely, sql } from 'kysely'

/**
 * Frozen in time. A word index beside the trigram index of migration 0010, on SQLite only
 * (docs/decisions/0036-lean-reads.md): `search_words`, an FTS5 table with the `porter` stemmer
 * over `unicode61`, contentless, its rowid the `search_documents` id, kept by triggers on
 * `search_documents` as `search_fts` is, so every write keeps it in its own transaction.
 *
 * A Latin word is one token here: looking it up reads that word's list of documents only,
 * whereas the trigram index intersects the lists of every three letters in it (a rare word made
 * of common trigrams read long lists). The prefix index of one and two characters serves short
 * words (Q1, EV) as word beginnings, which the trigram index cannot look up at all.
 *
 * PostgreSQL already has its word index (the `simple` tsvector of migration 0010): nothing to do.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter.supportsTransactionalDdl) return
  await sql`
    create virtual table search_words using fts5(
      title, body, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '1 2',
      content = '', contentless_delete = 1
    )`.execute(db)
  for (const statement of [
    sql`create trigger search_documents_words_ai after insert on search_documents begin
      insert into search_words (rowid, title, body) values (new.id, new.title, new.body);
    end`,
    sql`create trigger search_documents_words_au after update of title, body on search_documents
    begin
      delete from search_words where rowid = old.id;
      insert into search_words (rowid, title, body) values (new.id, new.title, new.body);
    end`,
    sql`create trigger search_documents_words_ad after delete on search_documents begin
      delete from search_words where rowid = old.id;
    end`,
  ]) {
    await statement.execute(db)
  }
  await sql`insert into search_words (rowid, title, body)
    select id, title, body from search_documents`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter.supportsTransactionalDdl) return
  for (const name of [
    'search_documents_words_ai',
    'search_documents_words_au',
    'search_documents_words_ad',
  ]) {
    await sql`drop trigger ${sql.raw(name)}`.execute(db)
  }
  await sql`drop table search_words`.execute(db)
}
