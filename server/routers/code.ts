import { codeResolveInput } from '../../shared/schemas/code'
import { resolveCode } from '../domain/codes'
import { partnershipProcedure, router } from '../trpc'

export const codeRouter = router({
  /**
   * What a code (P-12, D-7, HONDA-DRAFT-3, CON-1, WS-BAT) names in the partnership, for the
   * caller: its kind, id, code and title. NOT_FOUND when there is none the caller may open.
   */
  resolve: partnershipProcedure()
    .input(codeResolveInput)
    .query(({ ctx, input }) => resolveCode(ctx.db, ctx.user, ctx.partnershipId, input.code)),
})
