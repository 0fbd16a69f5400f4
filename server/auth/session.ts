import { createHash, randomBytes } from 'node:crypto'
import type { Executor } from '../../db/connect'

export const SESSION_COOKIE = 'concord_session'

export interface SessionPolicy {
  idleMs: number
  absoluteMs: number
}

/** Writes last_seen_at at most this often, so reads stay reads. */
const TOUCH_INTERVAL_MS = 60_000

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Concurrent sessions one account may hold; signing in once more ends the least recently used. */
export const MAX_SESSIONS = 10

/** How a person proved who they are when a session started (or when they last re-authenticated). */
export interface AuthenticationProof {
  method: 'password' | 'oidc'
  issuer: string | null
  amr: string[] | null
  acr: string | null
}

export const PASSWORD_PROOF: AuthenticationProof = {
  method: 'password',
  issuer: null,
  amr: ['pwd'],
  acr: null,
}

/** A fresh 256-bit token; only its hash is stored. */
export async function createSession(
  db: Executor,
  userId: string,
  policy: SessionPolicy,
  meta: { ip: string | null; userAgent: string | null },
  proof: AuthenticationProof = PASSWORD_PROOF,
): Promise<{ token: string; sessionId: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url')
  const now = Date.now()
  const sessionId = hashToken(token)
  const expiresAt = new Date(now + policy.absoluteMs).toISOString()
  await db
    .insertInto('sessions')
    .values({
      id: sessionId,
      user_id: userId,
      created_at: new Date(now).toISOString(),
      last_seen_at: new Date(now).toISOString(),
      expires_at: expiresAt,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      auth_method: proof.method,
      authenticated_at: new Date(now).toISOString(),
      auth_issuer: proof.issuer,
      auth_amr: proof.amr ? JSON.stringify(proof.amr) : null,
      auth_acr: proof.acr,
    })
    .execute()
  // At most MAX_SESSIONS per account (ASVS V7.1.2): the least recently used ones end.
  const stale = await db
    .selectFrom('sessions')
    .select('id')
    .where('user_id', '=', userId)
    .orderBy('last_seen_at', 'desc')
    .orderBy('created_at', 'desc')
    .offset(MAX_SESSIONS)
    .limit(1000)
    .execute()
  if (stale.length > 0) {
    await db
      .deleteFrom('sessions')
      .where(
        'id',
        'in',
        stale.map((r) => r.id),
      )
      .execute()
  }
  return { token, sessionId, expiresAt }
}

export type SessionLookup =
  | { status: 'valid'; sessionId: string; userId: string }
  | { status: 'expired' | 'missing' }

/** Finds the session for a cookie token, ending it if it is past its idle or absolute limit. */
export async function lookupSession(
  db: Executor,
  token: string,
  policy: SessionPolicy,
): Promise<SessionLookup> {
  const sessionId = hashToken(token)
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.user_id',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.status',
    ])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst()
  if (!row) return { status: 'missing' }
  if ((await settleSession(db, sessionId, row, policy)) === 'expired') return { status: 'expired' }
  return { status: 'valid', sessionId, userId: row.user_id }
}

/**
 * What a found session row (with its user's status) says now: past its idle or absolute limit,
 * or its user no longer active, it ends (the row is deleted); otherwise it is valid, and its
 * last_seen_at is written at most once a minute. The one rule of every session lookup.
 */
export async function settleSession(
  db: Executor,
  sessionId: string,
  row: { last_seen_at: string; expires_at: string; status: string },
  policy: SessionPolicy,
): Promise<'valid' | 'expired'> {
  const now = Date.now()
  const idleFor = now - Date.parse(row.last_seen_at)
  if (row.status !== 'active' || now >= Date.parse(row.expires_at) || idleFor >= policy.idleMs) {
    await db.deleteFrom('sessions').where('id', '=', sessionId).execute()
    return 'expired'
  }
  if (idleFor >= TOUCH_INTERVAL_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now).toISOString() })
      .where('id', '=', sessionId)
      .execute()
  }
  return 'valid'
}

export async function endSession(db: Executor, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute()
}

export async function endUserSessions(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute()
}

export function sessionCookie(
  token: string,
  options: { secure: boolean; maxAgeSeconds: number },
): string {
  const parts = [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${options.maxAgeSeconds}`,
  ]
  if (options.secure) parts.push('Secure')
  return parts.join('; ')
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', { secure, maxAgeSeconds: 0 })
}

export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const index = part.indexOf('=')
    if (index === -1) continue
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim() || null
  }
  return null
}
