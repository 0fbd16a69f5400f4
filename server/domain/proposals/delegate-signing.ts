/**
 * What a delegate may do on a proposal (ADR 0030): for each delegation in force that lets the
 * user sign for a lead, the signing actions the lifecycle's one rule allows with that lead's
 * facts. The proposal page offers "Sign off for …" from this, as the server decides it.
 */
import type { Executor } from '../../../db/connect'
import type { Proposal } from '../../../db/schema'
import { allowedActions, LIFECYCLE, type Standing } from '../../../shared/lifecycle'
import { delegationsInForce, delegatorFacts } from '../people/delegations'
import type { SessionUser } from '../users'
import { relationsOf } from './access'

const SIGNING = ['sign_off', 'reject'] as const

export async function delegateSigning(
  db: Executor,
  user: SessionUser,
  p: Proposal,
  standing: Standing,
) {
  // In a state no signing action leaves from, no delegation could offer one: nothing to read.
  if (!SIGNING.some((a) => (LIFECYCLE[a].from as readonly string[]).includes(p.state))) return []
  const inForce = await delegationsInForce(db, user.id, p.partnership_id)
  const out = []
  for (const d of inForce) {
    const relations = await relationsOf(db, user, p, undefined, await delegatorFacts(db, d, p))
    const actions = allowedActions(p.state, relations, standing).filter(
      (a): a is (typeof SIGNING)[number] => (SIGNING as readonly string[]).includes(a),
    )
    if (actions.length === 0) continue
    out.push({
      delegationId: d.id,
      onBehalfOf: { id: d.delegator_id, name: d.delegatorName },
      endsOn: d.ends_on,
      endsAt: d.ends_at,
      timeZone: d.time_zone,
      actions,
    })
  }
  return out
}
