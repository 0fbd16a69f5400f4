import { commentAddInput, proposalRef } from '../../shared/schemas/proposal'
import { addComment, commentsFor } from '../domain/comments'
import { loadProposal } from '../domain/proposal-access'
import { authedProcedure, router } from '../trpc'

export const commentRouter = router({
  list: authedProcedure.input(proposalRef).query(async ({ ctx, input }) => {
    const proposal = await loadProposal(ctx.db, ctx.user, input.proposalId)
    return commentsFor(ctx.db, ctx.user, proposal)
  }),
  add: authedProcedure
    .input(commentAddInput)
    .mutation(({ ctx, input }) => addComment(ctx.db, ctx.user, input)),
})
