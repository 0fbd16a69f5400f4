/**
 * A person's own notifications, follows and email preferences (issue 13, ADR 0013). All of it is
 * personal, not a partnership record: none of it writes a ledger event (as unsubscribing does
 * not). Notifications are listed only in partnerships the person still holds a role in.
 */

import type { z } from 'zod'
import { type Db, type Executor, writeTransaction } from '../../db/connect'
import {
  categoryOf,
  type EmailMode,
  isNotificationKind,
  NOTIFICATION_CATEGORIES,
  type NotificationCategory,
  type NotificationPayload,
} from '../../shared/notification-kinds'
import type {
  NotificationPreferencesInput,
  notificationListInput,
} from '../../shared/schemas/notifications'
import { decodeCursor, pageOf } from '../api/pagination'
import { appendEvent } from '../audit/ledger'
import { DEFAULT_PREFERENCES } from '../notify/email'
import { markRead } from '../notify/outbox'
import { loadProposal } from './proposals/access'
import { visibilityOf } from './proposals/events'
import { actorOf, type SessionUser } from './users'

function partnershipsOf(user: SessionUser): string[] {
  return Object.entries(user.roles)
    .filter(([, roles]) => roles.length > 0)
    .map(([id]) => id)
}

export async function listNotifications(
  db: Executor,
  user: SessionUser,
  input: z.output<typeof notificationListInput>,
) {
  const partnerships = partnershipsOf(user).filter(
    (id) => !input.partnershipId || id === input.partnershipId,
  )
  if (partnerships.length === 0) return { items: [], nextCursor: null }
  let q = db
    .selectFrom('notifications')
    .select(['id', 'kind', 'partnership_id', 'proposal_id', 'payload', 'created_at', 'read_at'])
    .where('recipient_id', '=', user.id)
    .where('partnership_id', 'in', partnerships)
  if (input.unreadOnly) q = q.where('read_at', 'is', null)
  if (input.cursor) {
    const [createdAt, id] = decodeCursor(input.cursor, ['string', 'string']) as [string, string]
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', createdAt),
        eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)]),
      ]),
    )
  }
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(input.limit + 1)
    .execute()
  const page = pageOf(rows, input.limit, (r) => [r.created_at, r.id])
  return {
    items: page.items.flatMap((r) =>
      isNotificationKind(r.kind)
        ? [
            {
              id: r.id,
              kind: r.kind,
              category: categoryOf(r.kind),
              partnershipId: r.partnership_id,
              proposalId: r.proposal_id,
              payload: JSON.parse(r.payload) as NotificationPayload,
              createdAt: r.created_at,
              readAt: r.read_at,
            },
          ]
        : [],
    ),
    nextCursor: page.nextCursor,
  }
}

export async function unreadCount(db: Executor, user: SessionUser) {
  const partnerships = partnershipsOf(user)
  if (partnerships.length === 0) return { count: 0 }
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('recipient_id', '=', user.id)
    .where('partnership_id', 'in', partnerships)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow()
  return { count: Number(row.n) }
}

export async function markNotificationsRead(db: Db, user: SessionUser, ids?: string[]) {
  return { updated: await markRead(db, user.id, ids) }
}

/**
 * Following a proposal one may read: told of its outcomes, concerns and changes requested. A
 * change of follow is a ledger event private to the follower's party (whose interest it shows).
 */
export async function setFollowing(
  db: Db,
  user: SessionUser,
  proposalId: string,
  following: boolean,
) {
  return writeTransaction(db, async (trx) => {
    const p = await loadProposal(trx, user, proposalId)
    const changed = following
      ? await trx
          .insertInto('proposal_follows')
          .values({ user_id: user.id, proposal_id: p.id, created_at: new Date().toISOString() })
          .onConflict((oc) => oc.columns(['user_id', 'proposal_id']).doNothing())
          .executeTakeFirst()
          .then((r) => Number(r.numInsertedOrUpdatedRows ?? 0n) > 0)
      : await trx
          .deleteFrom('proposal_follows')
          .where('user_id', '=', user.id)
          .where('proposal_id', '=', p.id)
          .executeTakeFirst()
          .then((r) => Number(r.numDeletedRows) > 0)
    if (changed)
      await appendEvent(trx, actorOf(user), {
        partnershipId: p.partnership_id,
        action: following ? 'proposal.followed' : 'proposal.unfollowed',
        entityType: 'proposal',
        entityId: p.id,
        visibility: user.partyCode ? `party:${user.partyCode}` : visibilityOf(p),
        after: { userId: user.id },
      })
    return { proposalId: p.id, following }
  })
}

export async function isFollowing(db: Executor, user: SessionUser, proposalId: string) {
  const p = await loadProposal(db, user, proposalId)
  const row = await db
    .selectFrom('proposal_follows')
    .select('user_id')
    .where('user_id', '=', user.id)
    .where('proposal_id', '=', p.id)
    .executeTakeFirst()
  return { proposalId: p.id, following: row !== undefined }
}

export interface NotificationPreferences {
  emailMode: EmailMode
  optOuts: NotificationCategory[]
  timeZone: string
  digestHour: number
  locale: 'en' | 'ja' | null
}

export async function getPreferences(
  db: Executor,
  user: SessionUser,
): Promise<NotificationPreferences> {
  const row = await db
    .selectFrom('notification_preferences')
    .selectAll()
    .where('user_id', '=', user.id)
    .executeTakeFirst()
  const prefs = row ?? { ...DEFAULT_PREFERENCES, user_id: user.id }
  const optOuts = JSON.parse(prefs.opt_outs) as string[]
  return {
    emailMode: prefs.email_mode,
    optOuts: NOTIFICATION_CATEGORIES.filter((c) => optOuts.includes(c)),
    timeZone: prefs.time_zone,
    digestHour: prefs.digest_hour,
    locale: prefs.locale === 'en' || prefs.locale === 'ja' ? prefs.locale : null,
  }
}

export async function setPreferences(
  db: Db,
  user: SessionUser,
  input: Required<NotificationPreferencesInput>,
): Promise<NotificationPreferences> {
  const optOuts = NOTIFICATION_CATEGORIES.filter((c) => input.optOuts.includes(c))
  const values = {
    email_mode: input.emailMode,
    opt_outs: JSON.stringify([...optOuts].sort()),
    time_zone: input.timeZone,
    digest_hour: input.digestHour,
    locale: input.locale,
    updated_at: new Date().toISOString(),
  }
  await writeTransaction(db, async (trx) => {
    await trx
      .insertInto('notification_preferences')
      .values({ user_id: user.id, ...values })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
      .execute()
    // Personal settings: the event says what changed, to the person's own party only.
    await appendEvent(trx, actorOf(user), {
      partnershipId: null,
      action: 'notification.preferences_changed',
      entityType: 'user',
      entityId: user.id,
      ...(user.partyCode ? { visibility: `party:${user.partyCode}` } : {}),
      after: {
        emailMode: input.emailMode,
        optOuts,
        timeZone: input.timeZone,
        digestHour: input.digestHour,
        locale: input.locale,
      },
    })
  })
  return getPreferences(db, user)
}
