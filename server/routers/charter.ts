import { getCharter } from '../domain/charter'
import { charterHistory } from '../domain/decisions'
import { partnershipProcedure, router } from '../trpc'

export const charterRouter = router({
  get: partnershipProcedure().query(({ ctx }) => getCharter(ctx.db, ctx.partnershipId)),
  history: partnershipProcedure().query(({ ctx }) => charterHistory(ctx.db, ctx.partnershipId)),
})
