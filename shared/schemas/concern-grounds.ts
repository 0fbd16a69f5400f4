/** A concern's grounds as a form sends them (shared/concern-grounds.ts, ADR 0031). */
import { z } from 'zod'
import { CONCERN_GROUND_KINDS, isPolicyClause } from '../concern-grounds'

export const concernGroundsInput = z
  .object({
    kind: z.enum(CONCERN_GROUND_KINDS),
    /** a charter item's code, or a policy clause's code */
    ref: z.string().trim().max(40).default(''),
    text: z.string().trim().max(2000).default(''),
  })
  .superRefine((g, ctx) => {
    if (g.kind === 'other') {
      if (g.text === '')
        ctx.addIssue({
          code: 'custom',
          path: ['text'],
          message: 'say what the concern stands on',
          params: { rule: 'required' },
        })
      return
    }
    if (g.ref === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['ref'],
        message:
          g.kind === 'charter_item' ? 'pick the charter item' : 'pick the clause of the policy',
        params: { rule: 'required' },
      })
      return
    }
    if (g.kind === 'policy_clause' && !isPolicyClause(g.ref))
      ctx.addIssue({
        code: 'custom',
        path: ['ref'],
        message: 'no such clause of the policy',
        params: { rule: 'unknownPolicyClause' },
      })
  })

export type ConcernGroundsInput = z.infer<typeof concernGroundsInput>
