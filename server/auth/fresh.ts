/**
 * Re-authentication at the moments that bind a party (confirming a grant; the sign-off, a
 * rejection and a concern override once wired): the session's last proof of identity must be
 * recent. The facts returned are what a record of the act keeps, as an e-signature certificate
 * does: how (password or provider), when, which provider, and its amr/acr claims.
 */
import type { Executor } from '../../db/connect'
import { statementTemplate } from '../../db/template'
import { DomainError } from '../../shared/errors'
import { appendEvent } from '../audit/ledger'
import type { AuthenticationProof } from './session'

/** Five minutes, unless the act asks for less. */
export const FRESH_AUTHENTICATION_SECONDS = 300

export interface SessionAuthentication {
  method: 'password' | 'oidc'
  /** ISO time of the last proof */
  at: string
  issuer: string | null
  amr: string[] | null
  acr: string | null
}

/** A template (db/template.ts): every act that binds a party reads it. */
const sessionProof = statementTemplate((db, v: { sessionId: string }) =>
  db
    .selectFrom('sessions')
    .select([
      'created_at',
      'auth_method',
      'authenticated_at',
      'auth_issuer',
      'auth_amr',
      'auth_acr',
    ])
    .where('id', '=', v.sessionId),
)

export async function sessionAuthentication(
  db: Executor,
  sessionId: string,
): Promise<SessionAuthentication> {
  const [row] = await sessionProof(db, { sessionId })
  if (!row)
    throw new DomainError('UNAUTHENTICATED', 'Your session has ended. Please sign in again.')
  return {
    method: row.auth_method,
    at: row.authenticated_at ?? row.created_at,
    issuer: row.auth_issuer,
    amr: row.auth_amr ? (JSON.parse(row.auth_amr) as string[]) : null,
    acr: row.auth_acr,
  }
}

/**
 * Throws REAUTH_REQUIRED (HTTP 412; the client asks for the password or sends the person through
 * their provider, then retries) when the session's last authentication is older than maxAgeSeconds.
 * Returns the facts for the act's record. Call it inside the act's transaction.
 */
export async function requireFreshAuthentication(
  db: Executor,
  sessionId: string,
  maxAgeSeconds = FRESH_AUTHENTICATION_SECONDS,
): Promise<SessionAuthentication> {
  const facts = await sessionAuthentication(db, sessionId)
  const age = (Date.now() - Date.parse(facts.at)) / 1000
  if (!(age <= maxAgeSeconds)) {
    throw new DomainError(
      'REAUTH_REQUIRED',
      `This needs a fresh sign-in (within the last ${Math.round(maxAgeSeconds / 60)} minutes): confirm who you are, then try again.`,
      { details: { maxAgeSeconds, method: facts.method, issuer: facts.issuer } },
    )
  }
  return facts
}

/** Records a new proof of identity on the session (a password re-entry or a provider round trip). */
export async function markReauthenticated(
  trx: Parameters<typeof appendEvent>[0],
  actor: Parameters<typeof appendEvent>[1] & { userId: string },
  sessionId: string,
  proof: AuthenticationProof,
): Promise<SessionAuthentication> {
  const at = new Date().toISOString()
  await trx
    .updateTable('sessions')
    .set({
      auth_method: proof.method,
      authenticated_at: at,
      auth_issuer: proof.issuer,
      auth_amr: proof.amr ? JSON.stringify(proof.amr) : null,
      auth_acr: proof.acr,
    })
    .where('id', '=', sessionId)
    .execute()
  await appendEvent(trx, actor, {
    partnershipId: null,
    action: 'session.reauthenticated',
    entityType: 'user',
    entityId: actor.userId,
    after: { method: proof.method, issuer: proof.issuer, amr: proof.amr, acr: proof.acr },
  })
  return { method: proof.method, at, issuer: proof.issuer, amr: proof.amr, acr: proof.acr }
}
