/**
 * A person's own sessions and password, and an admin's power to end sessions (ASVS V7.4, V7.5).
 * Sensitive changes ask for the password again (reauthenticate), throttled like a sign-in.
 */
import { type Db, writeTransaction } from '../../db/connect'
import { appendEvent } from '../audit/ledger'
import { administeredTarget, foreignPartyRefusal } from '../domain/people/scope'
import { actorOf, type SessionUser } from '../domain/users'
import { markReauthenticated } from './fresh'
import { reauthenticate } from './login'
import { hashPassword } from './password'
import { endSession, PASSWORD_PROOF } from './session'

/** A short, stable handle for a session: never the stored hash itself. */
function handleOf(sessionId: string): string {
  return sessionId.slice(0, 16)
}

export async function listSessions(db: Db, user: SessionUser, currentSessionId: string) {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'])
    .where('user_id', '=', user.id)
    .orderBy('last_seen_at', 'desc')
    .execute()
  return rows.map((s) => ({
    handle: handleOf(s.id),
    current: s.id === currentSessionId,
    createdAt: s.created_at,
    lastSeenAt: s.last_seen_at,
    expiresAt: s.expires_at,
    ip: s.ip,
    userAgent: s.user_agent,
  }))
}

export function logout(db: Db, user: SessionUser, sessionId: string) {
  return writeTransaction(db, async (trx) => {
    await endSession(trx, sessionId)
    await appendEvent(trx, actorOf(user), {
      partnershipId: null,
      action: 'session.ended',
      entityType: 'user',
      entityId: user.id,
      after: { reason: 'logout' },
    })
  })
}

/** A password re-entry renews the session's proof of identity (requireFreshAuthentication). */
export async function reauthenticateByPassword(
  db: Db,
  user: SessionUser,
  sessionId: string,
  input: { password: string },
  meta: { ip: string | null },
) {
  await reauthenticate(db, { email: user.email, password: input.password }, meta)
  const authentication = await writeTransaction(db, (trx) =>
    markReauthenticated(
      trx,
      { userId: user.id, partyCode: user.partyCode },
      sessionId,
      PASSWORD_PROOF,
    ),
  )
  return { authentication }
}

/** Ends every other session of the signed-in person, after they give their password again. */
export async function endOtherSessions(
  db: Db,
  user: SessionUser,
  currentSessionId: string,
  input: { password: string },
  meta: { ip: string | null },
) {
  await reauthenticate(db, { email: user.email, password: input.password }, meta)
  return writeTransaction(db, async (trx) => {
    const ended = await trx
      .deleteFrom('sessions')
      .where('user_id', '=', user.id)
      .where('id', '!=', currentSessionId)
      .executeTakeFirst()
    const count = Number(ended.numDeletedRows)
    await appendEvent(trx, actorOf(user), {
      partnershipId: null,
      action: 'session.ended',
      entityType: 'user',
      entityId: user.id,
      after: { reason: 'ended_by_user', sessions: count },
    })
    return { ended: count }
  })
}

export async function changePassword(
  db: Db,
  user: SessionUser,
  currentSessionId: string,
  input: { currentPassword: string; newPassword: string; endOtherSessions: boolean },
  meta: { ip: string | null },
) {
  await reauthenticate(db, { email: user.email, password: input.currentPassword }, meta)
  const hash = await hashPassword(input.newPassword)
  return writeTransaction(db, async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash }).where('id', '=', user.id).execute()
    let ended = 0
    if (input.endOtherSessions) {
      const result = await trx
        .deleteFrom('sessions')
        .where('user_id', '=', user.id)
        .where('id', '!=', currentSessionId)
        .executeTakeFirst()
      ended = Number(result.numDeletedRows)
    }
    // Neither password nor hash goes into the ledger: only that it changed.
    await appendEvent(trx, actorOf(user), {
      partnershipId: null,
      action: 'user.password_changed',
      entityType: 'user',
      entityId: user.id,
      after: { otherSessionsEnded: ended },
    })
    return { otherSessionsEnded: ended }
  })
}

/**
 * An admin ends every session of one person of their party (or an external person of a shared
 * partnership), or of every person of their party but themselves (V7.4.5). Never another party's.
 */
export async function adminEndSessions(
  db: Db,
  admin: SessionUser,
  currentSessionId: string,
  userId: string | null,
) {
  return writeTransaction(db, async (trx) => {
    if (userId) await administeredTarget(trx, admin, userId, 'takeAway')
    else if (admin.partyId === null) throw foreignPartyRefusal(admin, 'everyone')
    let q = trx.deleteFrom('sessions').where('id', '!=', currentSessionId)
    if (userId) q = q.where('user_id', '=', userId)
    else {
      const partyId = admin.partyId as string
      q = q.where('user_id', 'in', (qb) =>
        qb.selectFrom('users').select('id').where('party_id', '=', partyId),
      )
    }
    const result = await q.executeTakeFirst()
    const count = Number(result.numDeletedRows)
    await appendEvent(trx, actorOf(admin), {
      partnershipId: null,
      action: 'session.ended',
      entityType: 'user',
      entityId: userId ?? admin.id,
      after: {
        reason: userId ? 'ended_by_admin' : 'all_ended_by_admin',
        sessions: count,
      },
    })
    return { ended: count }
  })
}

/**
 * The language a person reads Concord in, kept with the account so it follows them to every
 * browser. A personal setting, not a partnership record: no ledger event.
 */
export async function setLanguage(db: Db, user: SessionUser, locale: 'en' | 'ja') {
  await db.updateTable('users').set({ locale }).where('id', '=', user.id).execute()
  return { locale }
}
