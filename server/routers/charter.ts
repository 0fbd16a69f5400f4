import { getCharter } from '../domain/charter'
import { partnershipProcedure, router } from '../trpc'

export const charterRouter = router({
  get: partnershipProcedure().query(({ ctx }) => getCharter(ctx.db, ctx.partnershipId)),
})
