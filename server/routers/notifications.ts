import {
  notificationFollowInput,
  notificationListInput,
  notificationMarkReadInput,
  notificationPreferencesInput,
} from '../../shared/schemas/notifications'
import {
  getPreferences,
  isFollowing,
  listNotifications,
  markNotificationsRead,
  setFollowing,
  setPreferences,
  unreadCount,
} from '../domain/notifications'
import { authedProcedure, router } from '../trpc'

// Everything here is the signed-in person's own: their notifications, follows and email settings.
export const notificationRouter = router({
  list: authedProcedure
    .input(notificationListInput)
    .query(({ ctx, input }) => listNotifications(ctx.db, ctx.user, input)),
  unreadCount: authedProcedure.query(({ ctx }) => unreadCount(ctx.db, ctx.user)),
  markRead: authedProcedure
    .input(notificationMarkReadInput)
    .mutation(({ ctx, input }) => markNotificationsRead(ctx.db, ctx.user, input.ids)),
  markAllRead: authedProcedure.mutation(({ ctx }) => markNotificationsRead(ctx.db, ctx.user)),
  following: authedProcedure
    .input(notificationFollowInput)
    .query(({ ctx, input }) => isFollowing(ctx.db, ctx.user, input.proposalId)),
  follow: authedProcedure
    .input(notificationFollowInput)
    .mutation(({ ctx, input }) => setFollowing(ctx.db, ctx.user, input.proposalId, true)),
  unfollow: authedProcedure
    .input(notificationFollowInput)
    .mutation(({ ctx, input }) => setFollowing(ctx.db, ctx.user, input.proposalId, false)),
  /** The person's email settings, and whether this deployment sends email at all. */
  preferences: authedProcedure.query(async ({ ctx }) => ({
    ...(await getPreferences(ctx.db, ctx.user)),
    emailAvailable: ctx.config.emailEnabled,
  })),
  setPreferences: authedProcedure
    .input(notificationPreferencesInput)
    .mutation(async ({ ctx, input }) => ({
      ...(await setPreferences(ctx.db, ctx.user, input)),
      emailAvailable: ctx.config.emailEnabled,
    })),
})
