import { decisionExportInput, decisionListInput, decisionRef } from '../../shared/schemas/proposal'
import { exportDecisions } from '../domain/decisions/export'
import { getDecision, listDecisions } from '../domain/decisions/register'
import { authedProcedure, partnershipProcedure, router } from '../trpc'

export const decisionRouter = router({
  list: partnershipProcedure()
    .input(decisionListInput)
    .query(({ ctx, input }) => listDecisions(ctx.db, input)),
  get: authedProcedure
    .input(decisionRef)
    .query(({ ctx, input }) => getDecision(ctx.db, Object.keys(ctx.user.roles), input.decisionId)),
  export: partnershipProcedure()
    .input(decisionExportInput)
    .query(({ ctx, input }) => exportDecisions(ctx.db, input)),
})
