import { inbox } from '../domain/proposals/inbox'
import { partnershipProcedure, router } from '../trpc'

export const inboxRouter = router({
  get: partnershipProcedure().query(({ ctx }) => inbox(ctx.db, ctx.user, ctx.partnershipId)),
})
