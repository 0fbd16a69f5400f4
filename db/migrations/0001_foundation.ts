import type { Kysely } from 'kysely'

// Frozen in time: this migration takes Kysely<any> and must never import the live schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('partnerships')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('charter_version', 'integer', (c) => c.notNull())
    .addColumn('approval_policy', 'text', (c) => c.notNull())
    .addColumn('next_proposal_number', 'integer', (c) => c.notNull())
    .addColumn('next_decision_number', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('parties')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_ja', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('partnership_parties')
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
    .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
    .addPrimaryKeyConstraint('partnership_parties_pk', ['partnership_id', 'party_id'])
    .execute()

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('party_id', 'text', (c) => c.references('parties.id'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute()

  await db.schema
    .createTable('memberships')
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['partnership_id', 'user_id', 'role'])
    .execute()
  await db.schema
    .createIndex('memberships_user_idx')
    .on('memberships')
    .columns(['user_id'])
    .execute()

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute()
  await db.schema.createIndex('sessions_user_idx').on('sessions').columns(['user_id']).execute()

  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', 'text', (c) => c.notNull())
    .addColumn('blocked_until', 'text')
    .execute()

  await db.schema
    .createTable('charter_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('screening_terms', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('introduced_version', 'integer', (c) => c.notNull())
    .addColumn('updated_version', 'integer', (c) => c.notNull())
    .addColumn('retired_version', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('charter_items_code_uq', ['partnership_id', 'code'])
    .execute()

  await db.schema
    .createTable('charter_item_revisions')
    .addColumn('item_id', 'text', (c) => c.notNull().references('charter_items.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('screening_terms', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('charter_item_revisions_pk', ['item_id', 'version'])
    .execute()

  await db.schema
    .createTable('charter_versions')
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decision_id', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('charter_versions_pk', ['partnership_id', 'version'])
    .execute()

  await db.schema
    .createTable('workstreams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('workstreams_code_uq', ['partnership_id', 'code'])
    .execute()

  await db.schema
    .createTable('workstream_people')
    .addColumn('workstream_id', 'text', (c) => c.notNull().references('workstreams.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('workstream_people_pk', ['workstream_id', 'user_id'])
    .execute()
  await db.schema
    .createIndex('workstream_people_user_idx')
    .on('workstream_people')
    .columns(['user_id'])
    .execute()

  await db.schema
    .createTable('workstream_charter_links')
    .addColumn('workstream_id', 'text', (c) => c.notNull().references('workstreams.id'))
    .addColumn('charter_item_id', 'text', (c) => c.notNull().references('charter_items.id'))
    .addPrimaryKeyConstraint('workstream_charter_links_pk', ['workstream_id', 'charter_item_id'])
    .execute()

  await db.schema
    .createTable('ledger_events')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('ts', 'text', (c) => c.notNull())
    .addColumn('partnership_id', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('actor_party', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('payload_hash', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .execute()
  for (const [name, columns] of [
    ['ledger_entity_idx', ['entity_type', 'entity_id', 'seq']],
    ['ledger_actor_idx', ['actor_id', 'seq']],
    ['ledger_partnership_idx', ['partnership_id', 'seq']],
    ['ledger_action_idx', ['action', 'seq']],
    ['ledger_party_idx', ['actor_party', 'seq']],
    ['ledger_ts_idx', ['ts', 'seq']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('ledger_events')
      .columns([...columns])
      .execute()
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'ledger_events',
    'workstream_charter_links',
    'workstream_people',
    'workstreams',
    'charter_versions',
    'charter_item_revisions',
    'charter_items',
    'login_throttle',
    'sessions',
    'memberships',
    'users',
    'partnership_parties',
    'parties',
    'partnerships',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
