import type { Kysely } from 'kysely'

// Frozen in time: proposals, revisions, reviews, concerns, sign-offs, decisions, comments.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('proposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('workstream_id', 'text', (c) => c.references('workstreams.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('author_party', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('current_revision', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('decide_by', 'text')
    .addColumn('policy', 'text')
    .addColumn('charter_version', 'integer')
    .addColumn('needs_partnership_leads', 'integer', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('proposals_number_uq', ['partnership_id', 'number'])
    .execute()
  await db.schema
    .createIndex('proposals_state_idx')
    .on('proposals')
    .columns(['partnership_id', 'state', 'number'])
    .execute()
  await db.schema
    .createIndex('proposals_workstream_idx')
    .on('proposals')
    .columns(['workstream_id', 'number'])
    .execute()
  await db.schema
    .createIndex('proposals_author_idx')
    .on('proposals')
    .columns(['author_id', 'number'])
    .execute()

  await db.schema
    .createTable('proposal_revisions')
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('workstream_id', 'text')
    .addColumn('charter_item_ids', 'text', (c) => c.notNull())
    .addColumn('impacts', 'text', (c) => c.notNull())
    .addColumn('supersedes', 'text', (c) => c.notNull())
    .addColumn('amendment', 'text')
    .addColumn('decide_by', 'text')
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('proposal_revisions_pk', ['proposal_id', 'number'])
    .execute()

  await db.schema
    .createTable('proposal_charter_links')
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('charter_item_id', 'text', (c) => c.notNull().references('charter_items.id'))
    .addPrimaryKeyConstraint('proposal_charter_links_pk', ['proposal_id', 'charter_item_id'])
    .execute()
  await db.schema
    .createIndex('proposal_charter_links_item_idx')
    .on('proposal_charter_links')
    .columns(['charter_item_id'])
    .execute()

  await db.schema
    .createTable('proposal_reviewers')
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('proposal_reviewers_pk', ['proposal_id', 'user_id'])
    .execute()
  await db.schema
    .createIndex('proposal_reviewers_user_idx')
    .on('proposal_reviewers')
    .columns(['user_id'])
    .execute()

  await db.schema
    .createTable('reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('reviewer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('reviews_proposal_idx')
    .on('reviews')
    .columns(['proposal_id', 'revision'])
    .execute()

  await db.schema
    .createTable('concerns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('raised_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('rationale', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolved_by', 'text')
    .addColumn('resolution', 'text')
    .addColumn('override', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .execute()
  await db.schema
    .createIndex('concerns_proposal_idx')
    .on('concerns')
    .columns(['proposal_id', 'status'])
    .execute()

  await db.schema
    .createTable('signoffs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('signer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('rationale', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('signoffs_proposal_idx')
    .on('signoffs')
    .columns(['proposal_id', 'revision'])
    .execute()

  await db.schema
    .createTable('decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('proposal_id', 'text', (c) => c.notNull().unique().references('proposals.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('workstream_id', 'text', (c) => c.references('workstreams.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('superseded_by', 'text')
    .addColumn('effective_date', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('decisions_number_uq', ['partnership_id', 'number'])
    .execute()
  await db.schema
    .createIndex('decisions_status_idx')
    .on('decisions')
    .columns(['partnership_id', 'status', 'number'])
    .execute()

  await db.schema
    .createTable('comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('comments_proposal_idx')
    .on('comments')
    .columns(['proposal_id', 'created_at'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'comments',
    'decisions',
    'signoffs',
    'concerns',
    'reviews',
    'proposal_reviewers',
    'proposal_charter_links',
    'proposal_revisions',
    'proposals',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
