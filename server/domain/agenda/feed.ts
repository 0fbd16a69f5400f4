/**
 * A person's calendar feed (issue 14, ADR 0033): their decide-by dates as iCalendar (made with
 * ical-generator), behind a secret address of their own. The secret is the credential: the feed
 * answers without a session, as the person it belongs to, through the same inbox (the waits
 * rule, `canSee`) the person's own pages read. Only the secret's SHA-256 is stored; a reset
 * replaces it, so the old address stops working at once. The address is a credential that reads
 * the person's inbox without a session, so making or stopping one is a ledger event, seen by the
 * person's own party only (like notification preferences), carrying neither secret nor hash.
 */

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import ical from 'ical-generator'
import { type Db, type Executor, writeTransaction } from '../../../db/connect'
import { nextDay } from '../../../shared/business-days'
import { appendEvent } from '../../audit/ledger'
import { inbox } from '../proposals/inbox'
import { actorOf, loadSessionUser, type SessionUser } from '../users'
import { AGENDA_LABELS } from './labels'

/** 32 random bytes, base64url: what a feed address carries. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/

function hashOf(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest()
}

/** The feed's address on this server, from its secret. */
export function feedPath(token: string): string {
  return `/calendar/${token}.ics`
}

/** Whether the person has a feed address, and since when (the address itself is shown once). */
export async function feedStatus(db: Executor, user: SessionUser) {
  const row = await db
    .selectFrom('calendar_feeds')
    .select('created_at')
    .where('user_id', '=', user.id)
    .executeTakeFirst()
  return { active: row !== undefined, createdAt: row?.created_at ?? null }
}

/** A new secret address for the person's feed; the one before stops working in the same step. */
export async function resetFeed(db: Db, user: SessionUser, now = new Date()) {
  const token = randomBytes(32).toString('base64url')
  const createdAt = now.toISOString()
  await writeTransaction(db, async (trx) => {
    await trx.deleteFrom('calendar_feeds').where('user_id', '=', user.id).execute()
    await trx
      .insertInto('calendar_feeds')
      .values({
        user_id: user.id,
        token_hash: hashOf(token).toString('hex'),
        created_at: createdAt,
      })
      .execute()
    await appendEvent(trx, actorOf(user), {
      partnershipId: null,
      action: 'calendar_feed.reset',
      entityType: 'user',
      entityId: user.id,
      ...(user.partyCode ? { visibility: `party:${user.partyCode}` } : {}),
      after: { createdAt },
    })
  })
  return { path: feedPath(token), createdAt }
}

/** The person stops their feed: no address works until they make a new one. */
export async function stopFeed(db: Db, user: SessionUser) {
  await writeTransaction(db, async (trx) => {
    const gone = await trx
      .deleteFrom('calendar_feeds')
      .where('user_id', '=', user.id)
      .executeTakeFirst()
    await appendEvent(trx, actorOf(user), {
      partnershipId: null,
      action: 'calendar_feed.stopped',
      entityType: 'user',
      entityId: user.id,
      ...(user.partyCode ? { visibility: `party:${user.partyCode}` } : {}),
      after: { hadFeed: Number(gone.numDeletedRows) > 0 },
    })
  })
  return { active: false as const, createdAt: null }
}

/**
 * The person whose feed this secret opens, or null: a malformed secret, one no feed has (reset
 * or never made), or a person no longer active. The stored hash is compared in constant time.
 */
export async function feedOwner(db: Executor, token: string): Promise<SessionUser | null> {
  if (!TOKEN.test(token)) return null
  const hash = hashOf(token)
  const row = await db
    .selectFrom('calendar_feeds')
    .select(['user_id', 'token_hash'])
    .where('token_hash', '=', hash.toString('hex'))
    .executeTakeFirst()
  if (!row) return null
  const stored = Buffer.from(row.token_hash, 'hex')
  if (stored.length !== hash.length || !timingSafeEqual(stored, hash)) return null
  return loadSessionUser(db, row.user_id)
}

/**
 * The feed's events: one all-day event on the decide-by date of each proposal that waits on the
 * person (every group of their inbox, in every partnership they hold a role in), in their language.
 */
export async function feedCalendar(db: Executor, user: SessionUser, now = new Date()) {
  const locale = user.locale === 'ja' ? 'ja' : 'en'
  const L = AGENDA_LABELS[locale]
  const calendar = ical({ name: L.feedName, prodId: { company: 'Concord', product: 'decide-by' } })
  const seen = new Set<string>()
  for (const partnershipId of Object.keys(user.roles).sort()) {
    const box = await inbox(db, user, partnershipId)
    const items = [
      ...box.signoffsOwed,
      ...box.reviewsRequested,
      ...box.myProposals,
      ...box.helpWanted,
      ...box.overdue,
    ]
    for (const item of items) {
      if (!item.decideBy || seen.has(item.id)) continue
      seen.add(item.id)
      calendar.createEvent({
        id: `${item.id}.decide-by@concord`,
        start: item.decideBy,
        end: nextDay(item.decideBy),
        allDay: true,
        stamp: now,
        summary: L.eventSummary(item.code, item.title),
        description: L.eventDescription(L.state[item.state] ?? item.state, null),
      })
    }
  }
  return calendar.toString()
}
