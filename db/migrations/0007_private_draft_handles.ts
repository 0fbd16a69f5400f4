import { type Kysely, sql } from 'kysely'

/**
 * Frozen in time. A proposal takes its partnership-wide number when first submitted; until
 * then it is known by a handle private to its party (`draft_number`, counted per party), so
 * gaps in P-numbers no longer count the other party's drafts.
 *
 * Proposals that exist already keep the numbers they were given (codes already stand in the
 * ledger and in people's notes); those never submitted also get a draft handle.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter.supportsTransactionalDdl
  if (postgres) {
    await sql`alter table proposals alter column number drop not null`.execute(db)
  } else {
    await rebuildSqliteProposalsWithNullableNumber(db)
  }
  await db.schema.alterTable('proposals').addColumn('draft_number', 'integer').execute()
  await sql`
    update proposals set draft_number = (
      select count(*) from proposals earlier
      where earlier.partnership_id = proposals.partnership_id
        and earlier.author_party = proposals.author_party
        and earlier.submitted_at is null
        and (earlier.created_at < proposals.created_at
          or (earlier.created_at = proposals.created_at and earlier.id <= proposals.id))
    )
    where submitted_at is null`.execute(db)
  // The list's order: newest into the joint record first (its submission), a draft by its
  // creation. Kept as a column so the list pages on an index.
  await db.schema.alterTable('proposals').addColumn('listed_at', 'text').execute()
  await sql`update proposals set listed_at = coalesce(submitted_at, created_at)`.execute(db)
  await db.schema
    .createIndex('proposals_listed_idx')
    .on('proposals')
    .columns(['partnership_id', 'listed_at', 'id'])
    .execute()
  await db.schema
    .createIndex('proposals_draft_number_uq')
    .on('proposals')
    .columns(['partnership_id', 'author_party', 'draft_number'])
    .unique()
    .execute()
}

/**
 * SQLite cannot drop a NOT NULL constraint in place: the table is rebuilt as SQLite's own
 * procedure describes (https://www.sqlite.org/lang_altertable.html#otheralter), with foreign
 * keys off while the old table goes, and checked before the change is committed. Kysely runs
 * SQLite migrations outside a transaction, so this one opens its own.
 */
async function rebuildSqliteProposalsWithNullableNumber(db: Kysely<any>) {
  const { rows } = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'table' and name = 'proposals'`.execute(db)
  const original = rows[0]?.sql
  if (!original?.includes('"number" integer not null')) {
    throw new Error('proposals table is not in the shape migration 0003 made')
  }
  const rebuilt = original
    .replace('"number" integer not null', '"number" integer')
    .replace(/^create table "proposals"/i, 'create table "proposals_rebuilt"')
  await db.connection().execute(async (conn) => {
    await sql`pragma foreign_keys = off`.execute(conn)
    try {
      await sql`begin`.execute(conn)
      await sql.raw(rebuilt).execute(conn)
      await sql`insert into proposals_rebuilt select * from proposals`.execute(conn)
      await sql`drop table proposals`.execute(conn)
      await sql`alter table proposals_rebuilt rename to proposals`.execute(conn)
      await sql`create index proposals_state_idx on proposals (partnership_id, state, number)`.execute(
        conn,
      )
      await sql`create index proposals_workstream_idx on proposals (workstream_id, number)`.execute(
        conn,
      )
      await sql`create index proposals_author_idx on proposals (author_id, number)`.execute(conn)
      const broken = await sql`pragma foreign_key_check`.execute(conn)
      if (broken.rows.length > 0) throw new Error('foreign keys broken by the proposals rebuild')
      await sql`commit`.execute(conn)
    } catch (error) {
      await sql`rollback`.execute(conn)
      throw error
    } finally {
      await sql`pragma foreign_keys = on`.execute(conn)
    }
  })
}

export async function down(): Promise<void> {
  throw new Error('0007_private_draft_handles cannot be undone: drafts may have no number')
}
