import { workstreamGetInput } from '../../shared/schemas/workstream'
import { getWorkstream, listWorkstreams } from '../domain/workstreams'
import { authedProcedure, partnershipProcedure, router } from '../trpc'

export const workstreamRouter = router({
  list: partnershipProcedure().query(({ ctx }) => listWorkstreams(ctx.db, ctx.partnershipId)),
  get: authedProcedure
    .input(workstreamGetInput)
    .query(({ ctx, input }) => getWorkstream(ctx.db, ctx.user, input.workstreamId)),
})
