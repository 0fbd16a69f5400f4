import { longReads } from '../../db/connect'
import { searchQueryInput } from '../../shared/schemas/search'
import { search } from '../search/search'
import { partnershipProcedure, router } from '../trpc'

export const searchRouter = router({
  /** Words or a code, across what the caller may see of the partnership; any member may search. */
  query: partnershipProcedure()
    .input(searchQueryInput)
    // Its statements run off the request thread (ADR 0040): nobody else waits for them.
    .query(({ ctx, input }) => search(longReads(ctx.db), ctx.user, input)),
})
