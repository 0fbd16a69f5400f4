import { type Kysely, PostgresAdapter, sql } from 'kysely'

// Defence in depth: the application never updates or deletes a ledger row, and the database
// refuses to as well. Someone with direct access to the file can still drop these triggers,
// which is why the chain of hashes, not the triggers, is what auditors rely on.
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`
      create function concord_ledger_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'the audit ledger is append-only';
      end $$`.execute(db)
    await sql`
      create trigger ledger_events_append_only before update or delete on ledger_events
      for each row execute function concord_ledger_append_only()`.execute(db)
    return
  }
  await sql`
    create trigger ledger_events_no_update before update on ledger_events
    begin select raise(abort, 'the audit ledger is append-only'); end`.execute(db)
  await sql`
    create trigger ledger_events_no_delete before delete on ledger_events
    begin select raise(abort, 'the audit ledger is append-only'); end`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop trigger ledger_events_append_only on ledger_events`.execute(db)
    await sql`drop function concord_ledger_append_only()`.execute(db)
    return
  }
  await sql`drop trigger ledger_events_no_update`.execute(db)
  await sql`drop trigger ledger_events_no_delete`.execute(db)
}
