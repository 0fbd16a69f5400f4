import type { Kysely } from 'kysely'

/**
 * Frozen in time. Salted payload commitments and header-hiding entries (docs/ledger-spec.md §2,
 * ADR 0024). Every event written from now on is an entry of version 2: its payload is committed as
 * SHA-256(salt || canonical payload) with a fresh 16-byte salt kept beside the payload. Events
 * already in the ledger keep their version 1 form, byte for byte (no history is rewritten): the
 * column's default marks them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('ledger_events')
    .addColumn('entry_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  // 32 lowercase hex digits; null for a version 1 event.
  await db.schema.alterTable('ledger_events').addColumn('payload_salt', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  // Dropping the salts would leave every salted event unverifiable: history is never destroyed.
  const salted = await db
    .selectFrom('ledger_events')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('entry_version', '=', 2)
    .executeTakeFirstOrThrow()
  if (Number(salted.n) > 0)
    throw new Error(
      `0015 cannot be undone: ${salted.n} ledger events are salted (version 2) and would no longer verify without their salts.`,
    )
  await db.schema.alterTable('ledger_events').dropColumn('payload_salt').execute()
  await db.schema.alterTable('ledger_events').dropColumn('entry_version').execute()
}
