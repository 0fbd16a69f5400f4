import { type Kysely, sql } from 'kysely'

/**
 * Frozen in time. The search index (docs/decisions/0014-search.md): one row per searchable thing
 * in `search_documents`, kept current by triggers on the tables it is drawn from, so every write
 * path keeps it right inside its own transaction, with no hook in the domain code.
 *
 * - a proposal: the title and body of its latest revision (kind `proposal`)
 * - a comment: its body; `private_party` names the party of an internal comment (kind `comment`)
 * - a decision: its title and the body of the revision it adopted (kind `decision`)
 * - a charter item: its current title and statement (kind `charter_item`)
 *
 * Who may see a document is decided when searching, from the live proposal row (ever submitted,
 * author's party) and `private_party`, never stored: a submission changes nothing here.
 *
 * SQLite: an FTS5 table with the trigram tokenizer (Japanese has no spaces between words), its
 * rowid the document's id, maintained by triggers on `search_documents`. PostgreSQL: a `simple`
 * tsvector and a pg_trgm index over the same text, both generated columns of the table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter.supportsTransactionalDdl
  if (postgres) await upPostgres(db)
  else await upSqlite(db)
  await backfill(db)
}

async function upSqlite(db: Kysely<any>) {
  await sql`
    create table search_documents (
      id integer primary key,
      kind text not null,
      entity_id text not null,
      partnership_id text not null,
      proposal_id text,
      code text,
      status text,
      private_party text,
      title text not null,
      body text not null,
      unique (kind, entity_id)
    )`.execute(db)
  await sql`create index search_documents_proposal_idx on search_documents (proposal_id)`.execute(
    db,
  )
  // Contentless: the text lives once, in search_documents; contentless_delete lets a row go by
  // its rowid alone.
  await sql`
    create virtual table search_fts using fts5(
      title, body, tokenize = 'trigram', content = '', contentless_delete = 1
    )`.execute(db)
  for (const statement of [
    sql`create trigger search_documents_ai after insert on search_documents begin
      insert into search_fts (rowid, title, body) values (new.id, new.title, new.body);
    end`,
    sql`create trigger search_documents_au after update of title, body on search_documents begin
      delete from search_fts where rowid = old.id;
      insert into search_fts (rowid, title, body) values (new.id, new.title, new.body);
    end`,
    sql`create trigger search_documents_ad after delete on search_documents begin
      delete from search_fts where rowid = old.id;
    end`,

    // A proposal is indexed by its latest revision, whichever order a write path inserts the
    // revision and moves proposals.current_revision in.
    sql`create trigger search_revision_ai after insert on proposal_revisions
      when not exists (select 1 from proposal_revisions r
        where r.proposal_id = new.proposal_id and r.number > new.number)
    begin
      insert into search_documents (kind, entity_id, partnership_id, proposal_id, title, body)
        select 'proposal', p.id, p.partnership_id, p.id, new.title, new.body
        from proposals p where p.id = new.proposal_id
        on conflict (kind, entity_id) do update set title = excluded.title, body = excluded.body;
    end`,
    sql`create trigger search_revision_au after update of title, body on proposal_revisions
      when not exists (select 1 from proposal_revisions r
        where r.proposal_id = new.proposal_id and r.number > new.number)
    begin
      update search_documents set title = new.title, body = new.body
        where kind = 'proposal' and entity_id = new.proposal_id;
    end`,
    sql`create trigger search_proposal_ad after delete on proposals begin
      delete from search_documents where kind = 'proposal' and entity_id = old.id;
    end`,

    sql`create trigger search_comment_ai after insert on comments begin
      insert into search_documents
          (kind, entity_id, partnership_id, proposal_id, private_party, title, body)
        select 'comment', new.id, p.partnership_id, p.id,
          case when new.visibility = 'joint' then null else new.party end, '', new.body
        from proposals p where p.id = new.proposal_id;
    end`,
    sql`create trigger search_comment_au after update of body, visibility, party on comments begin
      update search_documents
        set body = new.body,
          private_party = case when new.visibility = 'joint' then null else new.party end
        where kind = 'comment' and entity_id = new.id;
    end`,
    sql`create trigger search_comment_ad after delete on comments begin
      delete from search_documents where kind = 'comment' and entity_id = old.id;
    end`,

    sql`create trigger search_decision_ai after insert on decisions begin
      insert into search_documents
          (kind, entity_id, partnership_id, proposal_id, code, status, title, body)
        values ('decision', new.id, new.partnership_id, new.proposal_id, 'D-' || new.number,
          new.status, new.title,
          coalesce((select r.body from proposal_revisions r
            where r.proposal_id = new.proposal_id and r.number = new.revision), ''));
    end`,
    sql`create trigger search_decision_au after update of title, status on decisions begin
      update search_documents set title = new.title, status = new.status
        where kind = 'decision' and entity_id = new.id;
    end`,
    sql`create trigger search_decision_ad after delete on decisions begin
      delete from search_documents where kind = 'decision' and entity_id = old.id;
    end`,

    sql`create trigger search_charter_ai after insert on charter_items begin
      insert into search_documents (kind, entity_id, partnership_id, code, status, title, body)
        values ('charter_item', new.id, new.partnership_id, new.code, new.status, new.title,
          new.statement);
    end`,
    sql`create trigger search_charter_au after update of code, title, statement, status
      on charter_items
    begin
      update search_documents
        set code = new.code, status = new.status, title = new.title, body = new.statement
        where kind = 'charter_item' and entity_id = new.id;
    end`,
    sql`create trigger search_charter_ad after delete on charter_items begin
      delete from search_documents where kind = 'charter_item' and entity_id = old.id;
    end`,
  ]) {
    await statement.execute(db)
  }
}

async function upPostgres(db: Kysely<any>) {
  // One extension serves the whole database: it lives in the schema where it was first created
  // (public, unless a deployment chose otherwise), so its operator class is named with that
  // schema, whatever search_path this deployment (or test run) has.
  await sql`create extension if not exists pg_trgm with schema public`.execute(db)
  const { rows } = await sql<{ schema: string }>`
    select n.nspname as schema from pg_extension e
    join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db)
  const trgmOps = sql.raw(`${quoteIdent(rows[0]?.schema ?? 'public')}.gin_trgm_ops`)
  await sql`
    create table search_documents (
      id bigint generated always as identity primary key,
      kind text not null,
      entity_id text not null,
      partnership_id text not null,
      proposal_id text,
      code text,
      status text,
      private_party text,
      title text not null,
      body text not null,
      content text generated always as (title || ' ' || body) stored,
      tsv tsvector generated always as (to_tsvector('simple', title || ' ' || body)) stored,
      unique (kind, entity_id)
    )`.execute(db)
  await sql`create index search_documents_proposal_idx on search_documents (proposal_id)`.execute(
    db,
  )
  await sql`create index search_documents_tsv_idx on search_documents using gin (tsv)`.execute(db)
  await sql`create index search_documents_trgm_idx on search_documents
    using gin (content ${trgmOps})`.execute(db)

  for (const statement of [
    sql`create function search_revision_changed() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from proposal_revisions r
          where r.proposal_id = new.proposal_id and r.number > new.number) then
        return null;
      end if;
      insert into search_documents (kind, entity_id, partnership_id, proposal_id, title, body)
        select 'proposal', p.id, p.partnership_id, p.id, new.title, new.body
        from proposals p where p.id = new.proposal_id
        on conflict (kind, entity_id) do update set title = excluded.title, body = excluded.body;
      return null;
    end $$`,
    sql`create trigger search_revision_aiu after insert or update of title, body
      on proposal_revisions for each row execute function search_revision_changed()`,

    sql`create function search_proposal_deleted() returns trigger language plpgsql as $$
    begin
      delete from search_documents where kind = 'proposal' and entity_id = old.id;
      return null;
    end $$`,
    sql`create trigger search_proposal_ad after delete on proposals
      for each row execute function search_proposal_deleted()`,

    sql`create function search_comment_changed() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        delete from search_documents where kind = 'comment' and entity_id = old.id;
        return null;
      end if;
      insert into search_documents
          (kind, entity_id, partnership_id, proposal_id, private_party, title, body)
        select 'comment', new.id, p.partnership_id, p.id,
          case when new.visibility = 'joint' then null else new.party end, '', new.body
        from proposals p where p.id = new.proposal_id
        on conflict (kind, entity_id) do update
          set body = excluded.body, private_party = excluded.private_party;
      return null;
    end $$`,
    sql`create trigger search_comment_aiud after insert or update of body, visibility, party
      or delete on comments for each row execute function search_comment_changed()`,

    sql`create function search_decision_changed() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        delete from search_documents where kind = 'decision' and entity_id = old.id;
        return null;
      end if;
      insert into search_documents
          (kind, entity_id, partnership_id, proposal_id, code, status, title, body)
        values ('decision', new.id, new.partnership_id, new.proposal_id, 'D-' || new.number,
          new.status, new.title,
          coalesce((select r.body from proposal_revisions r
            where r.proposal_id = new.proposal_id and r.number = new.revision), ''))
        on conflict (kind, entity_id) do update
          set title = excluded.title, status = excluded.status;
      return null;
    end $$`,
    sql`create trigger search_decision_aiud after insert or update of title, status
      or delete on decisions for each row execute function search_decision_changed()`,

    sql`create function search_charter_changed() returns trigger language plpgsql as $$
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
    end $$`,
    sql`create trigger search_charter_aiud after insert or update of code, title, statement,
      status or delete on charter_items for each row execute function search_charter_changed()`,
  ]) {
    await statement.execute(db)
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** The rows that exist already, as the triggers would have indexed them. */
async function backfill(db: Kysely<any>) {
  await sql`
    insert into search_documents (kind, entity_id, partnership_id, proposal_id, title, body)
    select 'proposal', p.id, p.partnership_id, p.id, r.title, r.body
    from proposals p
    join proposal_revisions r on r.proposal_id = p.id
    where r.number = (select max(r2.number) from proposal_revisions r2
      where r2.proposal_id = p.id)`.execute(db)
  await sql`
    insert into search_documents
      (kind, entity_id, partnership_id, proposal_id, private_party, title, body)
    select 'comment', c.id, p.partnership_id, p.id,
      case when c.visibility = 'joint' then null else c.party end, '', c.body
    from comments c join proposals p on p.id = c.proposal_id`.execute(db)
  await sql`
    insert into search_documents
      (kind, entity_id, partnership_id, proposal_id, code, status, title, body)
    select 'decision', d.id, d.partnership_id, d.proposal_id, 'D-' || d.number, d.status, d.title,
      coalesce(r.body, '')
    from decisions d
    left join proposal_revisions r on r.proposal_id = d.proposal_id and r.number = d.revision`.execute(
    db,
  )
  await sql`
    insert into search_documents (kind, entity_id, partnership_id, code, status, title, body)
    select 'charter_item', i.id, i.partnership_id, i.code, i.status, i.title, i.statement
    from charter_items i`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter.supportsTransactionalDdl
  if (postgres) {
    await sql`drop table search_documents`.execute(db)
    await sql`drop trigger search_revision_aiu on proposal_revisions`.execute(db)
    await sql`drop trigger search_proposal_ad on proposals`.execute(db)
    await sql`drop trigger search_comment_aiud on comments`.execute(db)
    await sql`drop trigger search_decision_aiud on decisions`.execute(db)
    await sql`drop trigger search_charter_aiud on charter_items`.execute(db)
    for (const fn of [
      'search_revision_changed',
      'search_proposal_deleted',
      'search_comment_changed',
      'search_decision_changed',
      'search_charter_changed',
    ]) {
      await sql`drop function ${sql.raw(fn)}()`.execute(db)
    }
    return
  }
  // Dropping a table drops its triggers; the ones on the source tables go by name.
  for (const name of [
    'search_revision_ai',
    'search_revision_au',
    'search_proposal_ad',
    'search_comment_ai',
    'search_comment_au',
    'search_comment_ad',
    'search_decision_ai',
    'search_decision_au',
    'search_decision_ad',
    'search_charter_ai',
    'search_charter_au',
    'search_charter_ad',
  ]) {
    await sql`drop trigger ${sql.raw(name)}`.execute(db)
  }
  await sql`drop table search_fts`.execute(db)
  await sql`drop table search_documents`.execute(db)
}
