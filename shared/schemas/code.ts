import { z } from 'zod'
import { partnershipScope } from './common'

/** A code as people write it: P-12, D-7, HONDA-DRAFT-3, CON-1, WS-BAT (any case). */
export const codeResolveInput = partnershipScope.extend({
  code: z
    .string()
    .trim()
    .min(1, 'type a code such as P-12')
    .max(64, 'must be at most 64 characters'),
})

export type CodeResolveInput = z.input<typeof codeResolveInput>
