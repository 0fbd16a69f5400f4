import { z } from 'zod'
import { partnershipScope } from './common'

/** One search box: words (in any order, all must match), or a code such as P-12, D-7, CON-1, WS-BAT. */
export const searchQueryInput = partnershipScope.extend({
  query: z
    .string()
    .trim()
    .min(1, 'type a word or a code to search for')
    .max(200, 'must be at most 200 characters'),
  limit: z.number().int().min(1).max(50).default(20),
  /** Opaque: the previous page's `nextCursor`. */
  cursor: z.string().max(200).nullish(),
})

export type SearchQueryInput = z.input<typeof searchQueryInput>
