import { longReads } from '../../db/connect'
import { dashboardStatsInput } from '../../shared/schemas/stats'
import { dashboardStats } from '../domain/stats'
import { partnershipProcedure, router } from '../trpc'

export const statsRouter = router({
  /** The dashboard's figures for one partnership; any member may look. */
  dashboard: partnershipProcedure()
    .input(dashboardStatsInput)
    // Its statements run off the request thread (ADR 0040): nobody else waits for them.
    .query(({ ctx, input }) =>
      dashboardStats(longReads(ctx.db), input.partnershipId, ctx.user.partyCode ?? null),
    ),
})
