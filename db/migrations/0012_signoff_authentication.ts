import type { Kysely } from 'kysely'

/**
 * Frozen in time. A sign-off keeps how its signer proved who they were, as an e-signature
 * certificate does: the method (password or the party's provider), when, the provider's issuer
 * and its amr/acr claims. Sign-offs made before this migration have none on record (null).
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['auth_method', 'auth_at', 'auth_issuer', 'auth_amr', 'auth_acr']) {
    await db.schema.alterTable('signoffs').addColumn(column, 'text').execute()
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['auth_method', 'auth_at', 'auth_issuer', 'auth_amr', 'auth_acr']) {
    await db.schema.alterTable('signoffs').dropColumn(column).execute()
  }
}
