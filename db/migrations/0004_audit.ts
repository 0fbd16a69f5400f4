import { type Kysely, PostgresAdapter, sql } from 'kysely'

// Signed checkpoints of the audit ledger (docs/decisions/0004-checkpoints.md). The private key
// never reaches the database: a row holds only what anyone may read and check with the public key.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ledger_checkpoints')
    .addColumn('number', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .addColumn('ts', 'text', (c) => c.notNull())
    .addColumn('prev_checkpoint_hash', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('ledger_checkpoints_seq_idx')
    .on('ledger_checkpoints')
    .columns(['seq'])
    .execute()

  // Append-only, as the ledger itself (0002): defence in depth, not what auditors rely on.
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`
      create trigger ledger_checkpoints_append_only before update or delete on ledger_checkpoints
      for each row execute function concord_ledger_append_only()`.execute(db)
    return
  }
  await sql`
    create trigger ledger_checkpoints_no_update before update on ledger_checkpoints
    begin select raise(abort, 'the audit ledger is append-only'); end`.execute(db)
  await sql`
    create trigger ledger_checkpoints_no_delete before delete on ledger_checkpoints
    begin select raise(abort, 'the audit ledger is append-only'); end`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ledger_checkpoints').execute()
}
