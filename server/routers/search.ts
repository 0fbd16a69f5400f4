import { searchQueryInput } from '../../shared/schemas/search'
import { search } from '../search/search'
import { partnershipProcedure, router } from '../trpc'

export const searchRouter = router({
  /** Words or a code, across what the caller may see of the partnership; any member may search. */
  query: partnershipProcedure()
    .input(searchQueryInput)
    .query(({ ctx, input }) => search(ctx.db, ctx.user, input)),
})
