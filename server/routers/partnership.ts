import { getPartnership, listMembers, listPartnerships } from '../domain/partnerships'
import { authedProcedure, partnershipProcedure, router } from '../trpc'

export const partnershipRouter = router({
  list: authedProcedure.query(({ ctx }) => listPartnerships(ctx.db, ctx.user)),
  get: partnershipProcedure().query(({ ctx }) =>
    getPartnership(ctx.db, ctx.user, ctx.partnershipId),
  ),
  /** Who takes part: active people with a role here, their party and roles (no emails). */
  members: partnershipProcedure().query(({ ctx }) => listMembers(ctx.db, ctx.partnershipId)),
})
