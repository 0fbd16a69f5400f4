import type { Kysely } from 'kysely'

/**
 * Frozen in time. Grounded concerns (issue 14, ADR 0031): what a concern stands on, what would
 * resolve it, and whether it passed to its party's partnership leads because its raiser left.
 * Concerns raised before this migration read as grounds `other` with no text and no "what would
 * resolve it" (the defaults below): the page says the grounds were not recorded, and they still
 * block and resolve as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('concerns')
    .addColumn('grounds_kind', 'text', (c) => c.notNull().defaultTo('other'))
    .execute()
  await db.schema
    .alterTable('concerns')
    .addColumn('grounds_ref', 'text', (c) => c.notNull().defaultTo(''))
    .execute()
  await db.schema
    .alterTable('concerns')
    .addColumn('grounds_text', 'text', (c) => c.notNull().defaultTo(''))
    .execute()
  await db.schema
    .alterTable('concerns')
    .addColumn('resolves_when', 'text', (c) => c.notNull().defaultTo(''))
    .execute()
  // When set, the raiser left (account disabled, or no role that lets them take part) while the
  // concern was open: the partnership leads of its party hold it from then on.
  await db.schema.alterTable('concerns').addColumn('handed_over_at', 'text').execute()
  await db.schema.alterTable('concerns').addColumn('handed_over_reason', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of [
    'handed_over_reason',
    'handed_over_at',
    'resolves_when',
    'grounds_text',
    'grounds_ref',
    'grounds_kind',
  ])
    await db.schema.alterTable('concerns').dropColumn(column).execute()
}
