import { dashboardStatsInput } from '../../shared/schemas/stats'
import { dashboardStats } from '../domain/stats'
import { partnershipProcedure, router } from '../trpc'

export const statsRouter = router({
  /** The dashboard's figures for one partnership; any member may look. */
  dashboard: partnershipProcedure()
    .input(dashboardStatsInput)
    .query(({ ctx, input }) =>
      dashboardStats(ctx.db, input.partnershipId, ctx.user.partyCode ?? null),
    ),
})
