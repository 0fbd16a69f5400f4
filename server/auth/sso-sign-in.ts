/**
 * What a verified answer of a party's provider may do: sign in (or create) a person of THAT party,
 * bound by (party, issuer, subject), never anyone else whatever email it asserts; apply the
 * confirmed group → role mapping; start a session that says it came from the provider. And a
 * re-authentication: the same person, proved again, refreshes the session's proof.
 */
import { type Db, type Trx, writeTransaction } from '../../db/connect'
import type { Role } from '../../shared/roles'
import { appendEvent } from '../audit/ledger'
import { mappingInForce } from '../domain/people/identity-provider'
import { createUser, normalizeEmail, setRoles } from '../domain/users'
import { markReauthenticated } from './fresh'
import type { VerifiedIdentity } from './oidc'
import { type AuthenticationProof, createSession, endSession, type SessionPolicy } from './session'

/** Why a sign-in through a provider was refused: the sign-in page words each code. */
export type SsoRefusal =
  | 'email_in_use'
  | 'no_email'
  | 'disabled'
  | 'not_same_person'
  | 'session_ended'

export type SsoResult<T> = { ok: true; value: T } | { ok: false; refusal: SsoRefusal }

interface Party {
  id: string
  code: string
}

function proofOf(identity: VerifiedIdentity): AuthenticationProof {
  return { method: 'oidc', issuer: identity.issuer, amr: identity.amr, acr: identity.acr }
}

async function refuse(
  trx: Trx,
  party: Party,
  identity: VerifiedIdentity,
  meta: { ip: string | null },
  userId: string | null,
  reason: SsoRefusal,
): Promise<{ ok: false; refusal: SsoRefusal }> {
  await appendEvent(
    trx,
    { userId, partyCode: party.code },
    {
      partnershipId: null,
      action: 'security.login_failed',
      entityType: 'user',
      entityId: userId ?? `${identity.issuer}#${identity.subject}`,
      after: {
        email: identity.email ?? '',
        ip: meta.ip,
        reason: `oidc_${reason}`,
      },
    },
  )
  return { ok: false, refusal: reason }
}

/**
 * The account this provider's subject is, creating it on first sign-in. An email that belongs to
 * an account of another party or of no party is refused; one of the same party is linked only
 * when the provider says the email is verified.
 */
async function accountFor(
  trx: Trx,
  party: Party,
  identity: VerifiedIdentity,
  meta: { ip: string | null },
): Promise<SsoResult<{ userId: string }>> {
  const bound = await trx
    .selectFrom('external_identities')
    .innerJoin('users', 'users.id', 'external_identities.user_id')
    .select(['users.id', 'users.status', 'users.party_id'])
    .where('external_identities.party_id', '=', party.id)
    .where('external_identities.issuer', '=', identity.issuer)
    .where('external_identities.subject', '=', identity.subject)
    .executeTakeFirst()
  if (bound) {
    // Bound accounts are the party's own by construction; checked again all the same.
    if (bound.party_id !== party.id || bound.status !== 'active')
      return refuse(trx, party, identity, meta, bound.id, 'disabled')
    return { ok: true, value: { userId: bound.id } }
  }
  if (!identity.email) return refuse(trx, party, identity, meta, null, 'no_email')
  const email = normalizeEmail(identity.email)
  const existing = await trx
    .selectFrom('users')
    .select(['id', 'party_id', 'status'])
    .where('email', '=', email)
    .executeTakeFirst()
  const link = async (userId: string, created: boolean) => {
    await trx
      .insertInto('external_identities')
      .values({
        party_id: party.id,
        issuer: identity.issuer,
        subject: identity.subject,
        user_id: userId,
        created_at: new Date().toISOString(),
      })
      .execute()
    await appendEvent(
      trx,
      { userId, partyCode: party.code },
      {
        partnershipId: null,
        action: 'identity.linked',
        entityType: 'user',
        entityId: userId,
        after: { party: party.code, issuer: identity.issuer, subject: identity.subject, created },
      },
    )
  }
  if (existing) {
    if (existing.party_id !== party.id || !identity.emailVerified)
      return refuse(trx, party, identity, meta, null, 'email_in_use')
    if (existing.status !== 'active')
      return refuse(trx, party, identity, meta, existing.id, 'disabled')
    await link(existing.id, false)
    return { ok: true, value: { userId: existing.id } }
  }
  const { id } = await createUser(
    trx,
    { userId: null, partyCode: party.code },
    {
      email,
      name: identity.name?.trim() || email,
      // Signs in through the provider only.
      password: null,
      partyCode: party.code,
    },
  )
  await link(id, true)
  return { ok: true, value: { userId: id } }
}

/**
 * In each partnership the confirmed mapping names, the person holds the roles their groups map
 * to, or `member` when none does. Other partnerships are left as their admins set them. Each
 * change is a ledger event (membership.roles_set, grant.revoked); power the mapping gives is
 * recorded as asked for and confirmed by the two people who confirmed the mapping.
 */
async function applyMapping(trx: Trx, party: Party, userId: string, groups: string[]) {
  const { mapping, requestedBy, confirmedBy } = await mappingInForce(trx, party.id)
  if (mapping.length === 0) return
  const memberOf = new Set(
    (
      await trx
        .selectFrom('partnership_parties')
        .select('partnership_id')
        .where('party_id', '=', party.id)
        .execute()
    ).map((r) => r.partnership_id),
  )
  const covered = [...new Set(mapping.map((e) => e.partnershipId))].filter((p) => memberOf.has(p))
  for (const partnershipId of covered) {
    const mapped = mapping
      .filter((e) => e.partnershipId === partnershipId && groups.includes(e.group))
      .map((e) => e.role as Role)
    const roles: Role[] = mapped.length > 0 ? [...new Set(mapped)] : ['member']
    await setRoles(
      trx,
      { userId: null, partyCode: party.code },
      { userId, partnershipId, roles },
      'provider',
    )
    await trx
      .updateTable('role_grants')
      .set({ requested_by: requestedBy, confirmed_by: confirmedBy })
      .where('partnership_id', '=', partnershipId)
      .where('user_id', '=', userId)
      .where('source', '=', 'provider')
      .where('status', '=', 'active')
      .where('requested_by', 'is', null)
      .where('confirmed_by', 'is', null)
      .execute()
  }
}

export async function signInWithProvider(
  db: Db,
  party: Party,
  identity: VerifiedIdentity,
  policy: SessionPolicy,
  meta: { ip: string | null; userAgent: string | null; previousSessionId: string | null },
): Promise<SsoResult<{ userId: string; token: string; sessionId: string; expiresAt: string }>> {
  return writeTransaction(db, async (trx) => {
    const account = await accountFor(trx, party, identity, meta)
    if (!account.ok) return account
    const { userId } = account.value
    await applyMapping(trx, party, userId, identity.groups)
    // A new token at every sign-in, and the old one ends: no session fixation.
    if (meta.previousSessionId) await endSession(trx, meta.previousSessionId)
    const session = await createSession(trx, userId, policy, meta, proofOf(identity))
    await appendEvent(
      trx,
      { userId, partyCode: party.code },
      {
        partnershipId: null,
        action: 'session.started',
        entityType: 'user',
        entityId: userId,
        after: {
          ip: meta.ip,
          userAgent: meta.userAgent?.slice(0, 300) ?? null,
          method: 'oidc',
          issuer: identity.issuer,
        },
      },
    )
    return { ok: true, value: { userId, ...session } }
  })
}

/** The provider proved again who the session's person is: only if it is the same account. */
export async function reauthenticateWithProvider(
  db: Db,
  party: Party,
  sessionId: string,
  identity: VerifiedIdentity,
  meta: { ip: string | null },
): Promise<SsoResult<null>> {
  return writeTransaction(db, async (trx) => {
    const session = await trx
      .selectFrom('sessions')
      .select('user_id')
      .where('id', '=', sessionId)
      .executeTakeFirst()
    if (!session) return { ok: false, refusal: 'session_ended' }
    const bound = await trx
      .selectFrom('external_identities')
      .select('user_id')
      .where('party_id', '=', party.id)
      .where('issuer', '=', identity.issuer)
      .where('subject', '=', identity.subject)
      .executeTakeFirst()
    if (bound?.user_id !== session.user_id)
      return refuse(trx, party, identity, meta, session.user_id, 'not_same_person')
    await markReauthenticated(
      trx,
      { userId: session.user_id, partyCode: party.code },
      sessionId,
      proofOf(identity),
    )
    return { ok: true, value: null }
  })
}
