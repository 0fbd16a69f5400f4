import type { Kysely } from 'kysely'

// Frozen in time: each party governs its own people (docs/decisions/0010-party-governance.md).
// Grants of power roles wait for a second person; external auditors wait for every party;
// sessions say how the person authenticated; parties may connect an OpenID Connect provider.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('role_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    // pending | active | revoked | cancelled
    .addColumn('status', 'text', (c) => c.notNull())
    // admin | operator | provider
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.references('users.id'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_by', 'text', (c) => c.references('users.id'))
    .addColumn('confirmed_at', 'text')
    .addColumn('ended_by', 'text', (c) => c.references('users.id'))
    .addColumn('ended_at', 'text')
    .execute()
  await db.schema
    .createIndex('role_grants_holder_idx')
    .on('role_grants')
    .columns(['partnership_id', 'user_id', 'role', 'status'])
    .execute()

  await db.schema
    .createTable('auditor_admissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    // pending | admitted | cancelled
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute()
  await db.schema
    .createTable('auditor_admission_approvals')
    .addColumn('admission_id', 'text', (c) => c.notNull().references('auditor_admissions.id'))
    .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
    .addColumn('approved_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('approved_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('auditor_admission_approvals_pk', ['admission_id', 'party_id'])
    .execute()

  // How the session's person last proved who they are (re-authentication moves it on).
  await db.schema
    .alterTable('sessions')
    .addColumn('auth_method', 'text', (c) => c.notNull().defaultTo('password'))
    .execute()
  await db.schema.alterTable('sessions').addColumn('authenticated_at', 'text').execute()
  await db.schema.alterTable('sessions').addColumn('auth_issuer', 'text').execute()
  await db.schema.alterTable('sessions').addColumn('auth_amr', 'text').execute()
  await db.schema.alterTable('sessions').addColumn('auth_acr', 'text').execute()

  await db.schema
    .createTable('identity_providers')
    .addColumn('party_id', 'text', (c) => c.primaryKey().references('parties.id'))
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('client_secret', 'text', (c) => c.notNull())
    .addColumn('group_claim', 'text', (c) => c.notNull())
    // JSON: [{ group, partnershipId, role }], in force
    .addColumn('role_mapping', 'text', (c) => c.notNull())
    .addColumn('password_sign_in', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('role_mapping_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
    .addColumn('role_mapping', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_by', 'text', (c) => c.references('users.id'))
    .addColumn('confirmed_at', 'text')
    .execute()
  await db.schema
    .createTable('external_identities')
    .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('external_identities_pk', ['party_id', 'issuer', 'subject'])
    .execute()
  // A round trip to a provider under way: what the callback must find to accept the answer.
  await db.schema
    .createTable('oidc_flows')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    // login | reauth
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'oidc_flows',
    'external_identities',
    'role_mapping_changes',
    'identity_providers',
    'auditor_admission_approvals',
    'auditor_admissions',
    'role_grants',
  ])
    await db.schema.dropTable(table).execute()
  for (const column of ['auth_acr', 'auth_amr', 'auth_issuer', 'authenticated_at', 'auth_method'])
    await db.schema.alterTable('sessions').dropColumn(column).execute()
}
