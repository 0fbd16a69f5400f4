import { z } from 'zod'
import { id, partnershipScope } from './common'

/** Delegation within a party (issue 14, ADR 0030). */
export const delegationCreateInput = partnershipScope.extend({
  delegateId: id,
  /** first day, in the party's time zone (YYYY-MM-DD) */
  startsOn: z.iso.date({ error: 'must be a date as YYYY-MM-DD' }),
  /** last day, included: the delegation ends when that day ends in the party's time zone */
  endsOn: z.iso.date({ error: 'must be a date as YYYY-MM-DD' }),
  reason: z.string().trim().max(2000).default(''),
})

export const delegationIdInput = z.object({ delegationId: id })
