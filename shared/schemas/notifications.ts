import { z } from 'zod'
import { type EmailMode, NOTIFICATION_CATEGORIES } from '../notification-kinds'
import { id, page } from './common'

/** The signed-in person's notifications, newest first; optionally one partnership's, or unread only. */
export const notificationListInput = z
  .object({
    partnershipId: id.nullish(),
    unreadOnly: z.boolean().default(false),
    ...page,
  })
  .default({ unreadOnly: false, limit: 25 })

/** Marks some of one's own notifications read (ids of others are ignored). */
export const notificationMarkReadInput = z.object({
  ids: z.array(id).min(1, 'name at least one notification').max(100, 'at most 100 at a time'),
})

export const notificationFollowInput = z.object({ proposalId: id })

const timeZone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone })
        return true
      } catch {
        return false
      }
    },
    { message: 'must be a time zone name such as Asia/Tokyo or Europe/Berlin' },
  )

/** Email preferences: how (immediate, a daily digest, none), what not, and when. */
export const notificationPreferencesInput = z.object({
  emailMode: z.enum(['immediate', 'digest', 'off'] as const satisfies readonly EmailMode[]),
  optOuts: z.array(z.enum(NOTIFICATION_CATEGORIES)).max(NOTIFICATION_CATEGORIES.length),
  timeZone,
  /** Local hour (0–23) at which the daily digest goes out. */
  digestHour: z.number().int().min(0).max(23),
  /** null: the account's language. */
  locale: z.enum(['en', 'ja']).nullable().default(null),
})

export type NotificationPreferencesInput = z.input<typeof notificationPreferencesInput>
