import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { Executor, Trx } from '../../db/connect'
import { statementTemplate } from '../../db/template'
import { DomainError } from '../../shared/errors'
import { groupBy } from '../../shared/group'
import { PARTICIPANT_ROLES, type Role } from '../../shared/roles'
import { decodeCursor, pageOf } from '../api/pagination'
import { type Actor, appendEvent } from '../audit/ledger'
import { hashPassword } from '../auth/password'
import { endUserSessions, hashToken, type SessionPolicy, settleSession } from '../auth/session'
import { recordGrantChanges } from './people/grant-records'
import { handOverConcernsOf } from './proposals/concern-handover'

export interface SessionUser {
  id: string
  email: string
  name: string
  partyId: string | null
  partyCode: string | null
  locale: string
  /** partnership id → roles held there */
  roles: Record<string, Role[]>
}

export function actorOf(user: SessionUser): Actor {
  return { userId: user.id, partyCode: user.partyCode }
}

export function rolesIn(user: SessionUser, partnershipId: string): Role[] {
  return user.roles[partnershipId] ?? []
}

export function isAdminAnywhere(user: SessionUser): boolean {
  return Object.values(user.roles).some((roles) => roles.includes('admin'))
}

/** What a SessionUser is made of, of the user and their party (memberships aside). */
const SESSION_USER_COLUMNS = [
  'users.id',
  'users.email',
  'users.name',
  'users.party_id',
  'users.locale',
  'users.status',
  'parties.code',
] as const

export async function loadSessionUser(db: Executor, userId: string): Promise<SessionUser | null> {
  const user = await db
    .selectFrom('users')
    .leftJoin('parties', 'parties.id', 'users.party_id')
    .select(SESSION_USER_COLUMNS)
    .where('users.id', '=', userId)
    .executeTakeFirst()
  if (user?.status !== 'active') return null
  const memberships = await db
    .selectFrom('memberships')
    .select(['partnership_id', 'role'])
    .where('user_id', '=', userId)
    .execute()
  return sessionUserFrom(user, memberships)
}

type SessionUserRow = {
  id: string
  email: string
  name: string
  party_id: string | null
  locale: string
  code: string | null
}

function sessionUserFrom(
  user: SessionUserRow,
  memberships: { partnership_id: string; role: string }[],
): SessionUser {
  const byPartnership = groupBy(memberships, (m) => m.partnership_id)
  const roles: Record<string, Role[]> = {}
  for (const [id, rows] of Object.entries(byPartnership))
    roles[id] = rows.map((m) => m.role as Role)
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    partyId: user.party_id,
    partyCode: user.code,
    locale: user.locale,
    roles,
  }
}

export type SessionUserLookup =
  | { status: 'valid'; sessionId: string; user: SessionUser }
  | { status: 'expired' | 'missing' }

/** The session, its user, party and memberships: one row per membership (a template: every request runs it). */
const sessionUserRows = statementTemplate((db, values: { sessionId: string }) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('parties', 'parties.id', 'users.party_id')
    .leftJoin('memberships', 'memberships.user_id', 'users.id')
    .select([
      'sessions.last_seen_at',
      'sessions.expires_at',
      ...SESSION_USER_COLUMNS,
      'memberships.partnership_id',
      'memberships.role',
    ])
    .where('sessions.id', '=', values.sessionId),
)

/**
 * `lookupSession` and `loadSessionUser` of every API request in one statement (issue 16: they
 * were three): the session, its user, the user's party and memberships, one row per membership.
 * The session is judged by the same rule (`settleSession`: idle and absolute limits, an inactive
 * user ends it).
 */
export async function lookupSessionUser(
  db: Executor,
  token: string,
  policy: SessionPolicy,
): Promise<SessionUserLookup> {
  const sessionId = hashToken(token)
  const rows = await sessionUserRows(db, { sessionId })
  const first = rows[0]
  if (!first) return { status: 'missing' }
  if ((await settleSession(db, sessionId, first, policy)) === 'expired')
    return { status: 'expired' }
  const memberships = rows.flatMap((r) =>
    r.partnership_id !== null && r.role !== null
      ? [{ partnership_id: r.partnership_id, role: r.role }]
      : [],
  )
  return { status: 'valid', sessionId, user: sessionUserFrom(first, memberships) }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

/**
 * Makes an account, with no roles. This is the operator's path (CLI, demo seed) and the core of
 * the party-scoped ones (server/domain/people/): it checks no one's right to make it.
 */
export async function createUser(
  trx: Trx,
  actor: Actor,
  input: {
    email: string
    name: string
    /** null: the person signs in only through their party's provider */
    password: string | null
    partyCode: string | null
    locale?: string
    /** pending: an external auditor waiting for every party's approval */
    status?: 'active' | 'pending'
  },
): Promise<{ id: string }> {
  const email = normalizeEmail(input.email)
  const taken = await trx
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst()
  if (taken)
    throw new DomainError('CONFLICT', `An account with the email ${email} already exists.`, {
      field: 'email',
    })
  let partyId: string | null = null
  if (input.partyCode !== null) {
    const party = await trx
      .selectFrom('parties')
      .select('id')
      .where('code', '=', input.partyCode)
      .executeTakeFirst()
    if (!party)
      throw new DomainError('VALIDATION', `There is no party with the code ${input.partyCode}.`, {
        field: 'partyCode',
      })
    partyId = party.id
  }
  const id = randomUUID()
  const row = {
    id,
    email,
    name: input.name.trim(),
    party_id: partyId,
    // An empty hash matches no password (verifyPassword fails on it).
    password_hash: input.password === null ? '' : await hashPassword(input.password),
    status: input.status ?? ('active' as const),
    locale: input.locale ?? 'en',
    created_at: new Date().toISOString(),
    disabled_at: null,
  }
  await trx.insertInto('users').values(row).execute()
  await appendEvent(trx, actor, {
    partnershipId: null,
    action: 'user.created',
    entityType: 'user',
    entityId: id,
    after: {
      email,
      name: row.name,
      party: input.partyCode,
      locale: row.locale,
      status: row.status,
    },
  })
  return { id }
}

/** The operator's path, and the core of the party-scoped one (server/domain/people/). */
export async function setUserStatus(
  trx: Trx,
  actor: Actor,
  userId: string,
  status: 'active' | 'disabled',
): Promise<void> {
  if (actor.userId === userId) {
    throw new DomainError('FORBIDDEN', 'You cannot disable or enable your own account.', {
      field: 'userId',
    })
  }
  const user = await trx
    .selectFrom('users')
    .select(['id', 'status'])
    .where('id', '=', userId)
    .executeTakeFirst()
  if (!user) throw new DomainError('NOT_FOUND', 'No such user.', { field: 'userId' })
  if (user.status === status) return
  const now = new Date().toISOString()
  await trx
    .updateTable('users')
    .set({ status, disabled_at: status === 'disabled' ? now : null })
    .where('id', '=', userId)
    .execute()
  // Disabling ends every session at once, not at the next idle timeout.
  if (status === 'disabled') await endUserSessions(trx, userId)
  await appendEvent(trx, actor, {
    partnershipId: null,
    action: status === 'disabled' ? 'user.disabled' : 'user.enabled',
    entityType: 'user',
    entityId: userId,
    before: { status: user.status },
    after: { status },
  })
  // A raiser who leaves hands their open concerns to their party's partnership leads (ADR 0031).
  if (status === 'disabled') await handOverConcernsOf(trx, actor, userId, 'account_disabled')
}

/**
 * Replaces a person's roles in one partnership AT ONCE, power roles included: the operator's path
 * (CLI, demo seed) and the provider's group mapping. People acting through the API go through
 * server/domain/people/roles.ts, where power roles wait for a second person.
 */
export async function setRoles(
  trx: Trx,
  actor: Actor,
  input: { userId: string; partnershipId: string; roles: Role[] },
  source: 'operator' | 'provider' | 'admin' = 'operator',
): Promise<void> {
  if (actor.userId === input.userId) {
    // Separation of duties: administering never grants approving, not even to oneself.
    throw new DomainError('FORBIDDEN', 'You cannot change your own roles; ask another admin.', {
      field: 'userId',
    })
  }
  const user = await trx
    .selectFrom('users')
    .select(['id', 'party_id'])
    .where('id', '=', input.userId)
    .executeTakeFirst()
  if (!user) throw new DomainError('NOT_FOUND', 'No such user.', { field: 'userId' })
  const participant = input.roles.some(
    (r) => r === 'member' || r === 'workstream_lead' || r === 'partnership_lead',
  )
  if (participant) {
    const inPartnership = user.party_id
      ? await trx
          .selectFrom('partnership_parties')
          .select('party_id')
          .where('partnership_id', '=', input.partnershipId)
          .where('party_id', '=', user.party_id)
          .executeTakeFirst()
      : undefined
    if (!inPartnership) {
      throw new DomainError(
        'VALIDATION',
        'Only people of a party to this partnership can be members or leads; an external person can be an auditor.',
        { field: 'roles' },
      )
    }
  }
  const before = (
    await trx
      .selectFrom('memberships')
      .select('role')
      .where('user_id', '=', input.userId)
      .where('partnership_id', '=', input.partnershipId)
      .execute()
  )
    .map((r) => r.role)
    // Sorted here, not in SQL: PostgreSQL's collation may order the names differently.
    .sort()
  const after = [...new Set(input.roles)].sort() as Role[]
  // Nothing changes, so nothing is recorded (as with an account already in the asked status).
  if (before.join() === after.join()) return
  await trx
    .deleteFrom('memberships')
    .where('user_id', '=', input.userId)
    .where('partnership_id', '=', input.partnershipId)
    .execute()
  const now = new Date().toISOString()
  if (after.length > 0) {
    await trx
      .insertInto('memberships')
      .values(
        after.map((role) => ({
          partnership_id: input.partnershipId,
          user_id: input.userId,
          role,
          created_at: now,
        })),
      )
      .execute()
  }
  if (!after.includes('workstream_lead')) {
    // A lead who loses the role stops leading workstreams, and stays on them as a member.
    await trx
      .updateTable('workstream_people')
      .set({ role: 'member' })
      .where('user_id', '=', input.userId)
      .where('role', '=', 'lead')
      .where('workstream_id', 'in', (qb) =>
        qb.selectFrom('workstreams').select('id').where('partnership_id', '=', input.partnershipId),
      )
      .execute()
  }
  await recordGrantChanges(trx, actor, {
    partnershipId: input.partnershipId,
    userId: input.userId,
    before: before as Role[],
    after,
    source,
  })
  await appendEvent(trx, actor, {
    partnershipId: input.partnershipId,
    action: 'membership.roles_set',
    entityType: 'user',
    entityId: input.userId,
    before: { roles: before },
    after: { roles: after },
  })
  // No role left that lets them take part: their open concerns pass to their leads (ADR 0031).
  const takesPart = (roles: readonly string[]) =>
    roles.some((r) => PARTICIPANT_ROLES.includes(r as Role))
  if (takesPart(before) && !takesPart(after))
    await handOverConcernsOf(trx, actor, input.userId, 'role_removed', input.partnershipId)
}

export async function listUsers(
  db: Executor,
  input: {
    cursor?: string | null
    limit: number
    partnershipId?: string | null
    query?: string | null
    /** only the people of this party (an admin manages their own party's people only) */
    partyId?: string | null
  },
) {
  let q = db
    .selectFrom('users')
    .leftJoin('parties', 'parties.id', 'users.party_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.status',
      'users.locale',
      'users.created_at',
      'parties.code as partyCode',
    ])
    .orderBy('users.email')
    .limit(input.limit + 1)
  if (input.partyId !== undefined) {
    q =
      input.partyId === null
        ? q.where('users.party_id', 'is', null)
        : q.where('users.party_id', '=', input.partyId)
  }
  if (input.cursor) {
    const [email] = decodeCursor(input.cursor, ['string']) as [string]
    q = q.where('users.email', '>', email)
  }
  if (input.partnershipId) {
    const partnershipId = input.partnershipId
    q = q.where('users.id', 'in', (qb) =>
      qb.selectFrom('memberships').select('user_id').where('partnership_id', '=', partnershipId),
    )
  }
  if (input.query) {
    const like = `%${input.query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    // SQLite has no default escape character for LIKE (PostgreSQL's is the backslash): name it,
    // so a % or _ in the search is taken literally on both.
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`${eb.ref('users.email')} like ${like} escape '\\'`,
        sql<boolean>`lower(${eb.ref('users.name')}) like ${like} escape '\\'`,
      ]),
    )
  }
  const rows = await q.execute()
  const result = pageOf(rows, input.limit, (r) => [r.email])
  const ids = result.items.map((u) => u.id)
  const memberships = ids.length
    ? await db
        .selectFrom('memberships')
        .select(['user_id', 'partnership_id', 'role'])
        .where('user_id', 'in', ids)
        .execute()
    : []
  return {
    items: result.items.map((u) => {
      const mine = groupBy(
        memberships.filter((m) => m.user_id === u.id),
        (m) => m.partnership_id,
      )
      const roles = Object.fromEntries(
        Object.entries(mine).map(([id, rows]) => [id, rows.map((m) => m.role)]),
      )
      return {
        id: u.id,
        email: u.email,
        name: u.name,
        partyCode: u.partyCode,
        status: u.status,
        locale: u.locale,
        createdAt: u.created_at,
        roles,
      }
    }),
    nextCursor: result.nextCursor,
  }
}
