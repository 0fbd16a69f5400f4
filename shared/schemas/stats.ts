import { partnershipScope } from './common'

/** The dashboard's figures are for one partnership, as a whole. */
export const dashboardStatsInput = partnershipScope
