import { proposalRef } from '../../shared/schemas/proposal'
import { visitProposal } from '../domain/proposals/visits'
import { authedProcedure, router } from '../trpc'

// Apart from `proposal`: the client refetches everything under `proposal` after a change, and a
// refetch here would record a visit and count from it.
export const visitRouter = router({
  /** Opening a proposal page: what changed since the caller's last visit, and this visit recorded. */
  proposal: authedProcedure
    .input(proposalRef)
    .query(({ ctx, input }) => visitProposal(ctx.db, ctx.user, input.proposalId)),
})
