import { charterHistory } from '../domain/charter/history'
import { getCharter } from '../domain/charter/items'
import { partnershipProcedure, router } from '../trpc'

export const charterRouter = router({
  get: partnershipProcedure().query(({ ctx }) => getCharter(ctx.db, ctx.partnershipId)),
  history: partnershipProcedure().query(({ ctx }) => charterHistory(ctx.db, ctx.partnershipId)),
})
