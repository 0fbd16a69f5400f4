import { commentAddInput, proposalRef } from '../../shared/schemas/proposal'
import { addComment, listComments } from '../domain/proposals/comments'
import { authedProcedure, router } from '../trpc'

export const commentRouter = router({
  list: authedProcedure
    .input(proposalRef)
    .query(({ ctx, input }) => listComments(ctx.db, ctx.user, input.proposalId)),
  add: authedProcedure
    .input(commentAddInput)
    .mutation(({ ctx, input }) => addComment(ctx.db, ctx.user, input)),
})
