import { getPartnership, listPartnerships } from '../domain/partnerships'
import { authedProcedure, partnershipProcedure, router } from '../trpc'

export const partnershipRouter = router({
  list: authedProcedure.query(({ ctx }) => listPartnerships(ctx.db, ctx.user)),
  get: partnershipProcedure().query(({ ctx }) =>
    getPartnership(ctx.db, ctx.user, ctx.partnershipId),
  ),
})
