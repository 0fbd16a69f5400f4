import { type Kysely, sql } from 'kysely'

/**
 * Frozen in time. Charter items and workstreams in both languages (ADR 0023): the existing
 * `title`/`statement` and `name`/`description` columns hold the English text ('' when a party
 * wrote only Japanese), the new `*_ja` columns the Japanese (null when none was written). Nothing
 * already stored changes: an item from before simply has no Japanese, and no ledger event is
 * rewritten. The search index of a charter item also carries the Japanese, in its body.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['charter_items', 'charter_item_revisions']) {
    await db.schema.alterTable(table).addColumn('title_ja', 'text').execute()
    await db.schema.alterTable(table).addColumn('statement_ja', 'text').execute()
  }
  await db.schema.alterTable('workstreams').addColumn('name_ja', 'text').execute()
  await db.schema.alterTable('workstreams').addColumn('description_ja', 'text').execute()

  const postgres = db.getExecutor().adapter.supportsTransactionalDdl
  if (postgres) {
    await sql`create or replace function search_charter_changed() returns trigger
      language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        delete from search_documents where kind = 'charter_item' and entity_id = old.id;
        return null;
      end if;
      insert into search_documents (kind, entity_id, partnership_id, code, status, title, body)
        values ('charter_item', new.id, new.partnership_id, new.code, new.status, new.title,
          concat_ws(chr(10), new.statement, new.title_ja, new.statement_ja))
        on conflict (kind, entity_id) do update
          set code = excluded.code, status = excluded.status, title = excluded.title,
            body = excluded.body;
      return null;
    end $$`.execute(db)
    await sql`drop trigger search_charter_aiud on charter_items`.execute(db)
    await sql`create trigger search_charter_aiud after insert or update of code, title, statement,
      title_ja, statement_ja, status or delete on charter_items
      for each row execute function search_charter_changed()`.execute(db)
    return
  }
  await sql`drop trigger search_charter_ai`.execute(db)
  await sql`drop trigger search_charter_au`.execute(db)
  await sql`create trigger search_charter_ai after insert on charter_items begin
      insert into search_documents (kind, entity_id, partnership_id, code, status, title, body)
        values ('charter_item', new.id, new.partnership_id, new.code, new.status, new.title,
          concat_ws(char(10), new.statement, new.title_ja, new.statement_ja));
    end`.execute(db)
  await sql`create trigger search_charter_au after update of code, title, statement, title_ja,
      statement_ja, status on charter_items
    begin
      update search_documents
        set code = new.code, status = new.status, title = new.title,
          body = concat_ws(char(10), new.statement, new.title_ja, new.statement_ja)
        where kind = 'charter_item' and entity_id = new.id;
    end`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter.supportsTransactionalDdl
  if (postgres) {
    await sql`drop trigger search_charter_aiud on charter_items`.execute(db)
    await sql`create or replace function search_charter_changed() returns trigger
      language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        delete from search_documents where kind = 'charter_item' and entity_id = old.id;
        return null;
      end if;
      insert into search_documents (kind, entity_id, partnership_id, code, status, title, body)
        values ('charter_item', new.id, new.partnership_id, new.code, new.status, new.title,
          new.statement)
        on conflict (kind, entity_id) do update
          set code = excluded.code, status = excluded.status, title = excluded.title,
            body = excluded.body;
      return null;
    end $$`.execute(db)
    await sql`create trigger search_charter_aiud after insert or update of code, title, statement,
      status or delete on charter_items for each row execute function search_charter_changed()`.execute(
      db,
    )
  } else {
    await sql`drop trigger search_charter_ai`.execute(db)
    await sql`drop trigger search_charter_au`.execute(db)
    await sql`create trigger search_charter_ai after insert on charter_items begin
      insert into search_documents (kind, entity_id, partnership_id, code, status, title, body)
        values ('charter_item', new.id, new.partnership_id, new.code, new.status, new.title,
          new.statement);
    end`.execute(db)
    await sql`create trigger search_charter_au after update of code, title, statement, status
      on charter_items
    begin
      update search_documents
        set code = new.code, status = new.status, title = new.title, body = new.statement
        where kind = 'charter_item' and entity_id = new.id;
    end`.execute(db)
  }
  for (const table of ['charter_items', 'charter_item_revisions']) {
    await db.schema.alterTable(table).dropColumn('title_ja').execute()
    await db.schema.alterTable(table).dropColumn('statement_ja').execute()
  }
  await db.schema.alterTable('workstreams').dropColumn('name_ja').execute()
  await db.schema.alterTable('workstreams').dropColumn('description_ja').execute()
}
