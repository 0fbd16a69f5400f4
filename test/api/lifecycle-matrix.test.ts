/**
 * The lifecycle table, exercised cell by cell through the API: every action of shared/lifecycle.ts
 * from every proposal state by every kind of actor. What each cell must do is computed from the
 * table itself (relationsFrom + check), never written out by hand, so a change to the table
 * changes the expectations with it.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { refusalTotal } from '../../server/audit/refusals'
import {
  ACTIONS,
  check,
  LIFECYCLE,
  PROPOSAL_STATES,
  type ProposalAction,
  type ProposalState,
  relationsFrom,
} from '../../shared/lifecycle'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  type DemoIndex,
  demoIndex,
  fingerprint,
  impacts,
  ledgerCount,
  ledgerRows,
  proposalInState,
  refusal,
  type StateBuild,
  withCachedCallers,
} from '../helpers/workflow'

type Party = 'HONDA' | 'NISSAN'

interface ActorKind {
  kind: string
  /** null: not signed in */
  email: string | null
  party: Party | null
  participant: boolean
  partnershipLead: boolean
  /** a lead of the proposal's workstream (WS-BAT) */
  workstreamLead: boolean
  assignedReviewer: boolean
  author: boolean
  /** signs as the delegate of this lead (ADR 0030): the delegator's facts decide eligibility */
  delegator?: { email: string; partnershipLead: boolean; workstreamLead: boolean }
}

const AUTHOR_PARTY: Party = 'HONDA'
/** The partnership lead who recuses in the `recused` flavour. */
const RECUSED_LEAD = 'lead@nissan.example'
const CONCERN_RAISER = 'engineer@nissan.example'

const person = (
  kind: string,
  email: string,
  party: Party | null,
  facts: Partial<Omit<ActorKind, 'kind' | 'email' | 'party'>> = {},
): ActorKind => ({
  kind,
  email,
  party,
  participant: true,
  partnershipLead: false,
  workstreamLead: false,
  assignedReviewer: false,
  author: false,
  ...facts,
})

/** Every kind of actor, with the facts about them the table's relations are computed from. */
const ACTORS: ActorKind[] = [
  person('author', 'member@honda.example', 'HONDA', { author: true }),
  // A lead of other workstreams (WS-SW, WS-PROD): on a WS-BAT proposal just a member of the party.
  person('same-party member', 'software.lead@honda.example', 'HONDA'),
  // Also the one who raises the concern the resolve_concern cells act on.
  person('other-party member', CONCERN_RAISER, 'NISSAN'),
  person('assigned reviewer (HONDA)', 'engineer@honda.example', 'HONDA', {
    assignedReviewer: true,
  }),
  person('assigned reviewer (NISSAN)', 'member@nissan.example', 'NISSAN', {
    assignedReviewer: true,
  }),
  person('workstream lead (HONDA)', 'battery.lead@honda.example', 'HONDA', {
    workstreamLead: true,
  }),
  person('workstream lead (NISSAN)', 'battery.lead@nissan.example', 'NISSAN', {
    workstreamLead: true,
  }),
  person('partnership lead (HONDA)', 'lead@honda.example', 'HONDA', { partnershipLead: true }),
  person('partnership lead (NISSAN)', 'lead@nissan.example', 'NISSAN', { partnershipLead: true }),
  person("the author's party's auditor", 'auditor@honda.example', 'HONDA', {
    participant: false,
  }),
  person("the other party's auditor", 'auditor@nissan.example', 'NISSAN', {
    participant: false,
  }),
  person('external auditor', 'auditor@external-audit.example', null, { participant: false }),
  person('admin', 'admin@honda.example', 'HONDA', { participant: false }),
  {
    kind: 'anonymous',
    email: null,
    party: null,
    participant: false,
    partnershipLead: false,
    workstreamLead: false,
    assignedReviewer: false,
    author: false,
  },
]

const REVIEWERS = ACTORS.filter((a) => a.assignedReviewer).map((a) => a.email as string)

/**
 * Delegates (ADR 0030), each by a delegation in force approved by their party's admin: they take
 * the signing cells only (in every other cell they are the person they are, as above), signing
 * for their lead with `onBehalfOf`.
 */
const DELEGATES: ActorKind[] = [
  // A lead of other workstreams: signs WS-BAT proposals only as the partnership lead's delegate.
  person('delegate of the partnership lead (HONDA)', 'software.lead@honda.example', 'HONDA', {
    delegator: { email: 'lead@honda.example', partnershipLead: true, workstreamLead: false },
  }),
  // A workstream lead's delegate: not where partnership leads must sign.
  person('delegate of the workstream lead (NISSAN)', 'software.lead@nissan.example', 'NISSAN', {
    delegator: {
      email: 'battery.lead@nissan.example',
      partnershipLead: false,
      workstreamLead: true,
    },
  }),
  // Nobody signs their own proposal, not even for someone else.
  person(
    'the author as delegate of the partnership lead (HONDA)',
    'member@honda.example',
    'HONDA',
    {
      author: true,
      delegator: { email: 'lead@honda.example', partnershipLead: true, workstreamLead: false },
    },
  ),
]
const SIGNING: readonly ProposalAction[] = ['sign_off', 'reject']

/**
 * Two kinds of proposal: a plain decision, and a decision that touches the no-rebadging stance
 * (only partnership leads may sign it). The second runs only the actions that differ.
 */
const FLAVOURS = {
  plain: { needsPartnershipLeads: false, actions: ACTIONS, recused: null },
  stance: {
    needsPartnershipLeads: true,
    actions: ['sign_off', 'reject'] as ProposalAction[],
    recused: null,
  },
  // Nissan's partnership lead recused right after submission (ADR 0029): the actions a recusal
  // takes away (the others are as in `plain`, which the unit test of BARRED_BY_RECUSAL holds).
  recused: {
    needsPartnershipLeads: false,
    actions: ['review', 'sign_off', 'reject', 'recuse'] as ProposalAction[],
    recused: RECUSED_LEAD,
  },
} as const
type Flavour = keyof typeof FLAVOURS

/** Whether the concern the resolve_concern cells target is still open in this state. */
const CONCERN_OPEN: Record<ProposalState, boolean | null> = {
  draft: null, // no concern can be raised on a draft
  in_review: true,
  awaiting_signoff: false, // an open concern keeps a proposal out of sign-off
  approved: false,
  rejected: true,
  withdrawn: true,
  escalated: true, // rejected with the concern open, then escalated
}

/** Every state, and a draft withdrawn before it was ever submitted. */
const STAGES = [
  ...PROPOSAL_STATES.map((state) => ({ state, unsubmitted: false })),
  { state: 'withdrawn' as const, unsubmitted: true },
]

type Outcome = 'ok' | 'UNAUTHORIZED' | 'NOT_FOUND' | 'FORBIDDEN' | 'BAD_REQUEST'

/** What the table says this cell must do. */
function expectedOutcome(
  actor: ActorKind,
  state: ProposalState,
  action: ProposalAction,
  flavour: Flavour,
  unsubmitted: boolean,
): Outcome {
  if (!actor.email) return 'UNAUTHORIZED'
  // A proposal never submitted is its author's party's business only, whatever became of it
  // (a draft, or a draft withdrawn unsubmitted): to anyone else it does not exist.
  if ((state === 'draft' || unsubmitted) && actor.party !== AUTHOR_PARTY) return 'NOT_FOUND'
  // The cell names a concern that cannot be on a draft.
  if (action === 'resolve_concern' && (CONCERN_OPEN[state] === null || unsubmitted))
    return 'NOT_FOUND'
  const relations = relationsFrom({
    isAuthor: actor.author,
    isParticipant: actor.participant,
    isAssignedReviewer: actor.assignedReviewer,
    isWorkstreamLead: actor.workstreamLead,
    isPartnershipLead: actor.partnershipLead,
    sameParty: actor.party === AUTHOR_PARTY,
    needsPartnershipLeads: FLAVOURS[flavour].needsPartnershipLeads,
    // A recusal is made after submission: a draft has none.
    isRecused: actor.email === FLAVOURS[flavour].recused && state !== 'draft' && !unsubmitted,
    concern: {
      isRaiser: actor.email === CONCERN_RAISER,
      sameParty: actor.party === 'NISSAN',
    },
    delegator: actor.delegator
      ? {
          isAuthor: false,
          isPartnershipLead: actor.delegator.partnershipLead,
          isWorkstreamLead: actor.delegator.workstreamLead,
        }
      : undefined,
  })
  const verdict = check(action, state, relations)
  if (!verdict.allowed) return verdict.reason === 'role' ? 'FORBIDDEN' : 'BAD_REQUEST'
  // The table allows it, but the ladder's condition (ADR 0032) fails: without a decide-by only a
  // rejection is a deadlock.
  if (action === 'escalate' && state !== 'rejected') return 'BAD_REQUEST'
  // The table allows it, but the concern was resolved on the way to this state.
  if (action === 'resolve_concern' && CONCERN_OPEN[state] === false) return 'BAD_REQUEST'
  return 'ok'
}

describe.each(DATABASE_KINDS)('the lifecycle table, cell by cell (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex

  beforeAll(async () => {
    world = withCachedCallers(await demoWorld(kind))
    ix = await demoIndex(world)
    const today = new Date().toISOString().slice(0, 10)
    const later = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)
    for (const d of DELEGATES) {
      const lead = d.delegator as NonNullable<ActorKind['delegator']>
      const made = await (await world.as(lead.email)).people.createDelegation({
        partnershipId: world.partnershipId,
        delegateId: ix.user(d.email as string),
        startsOn: today,
        endsOn: later,
        reason: 'The lifecycle matrix.',
      })
      await (
        await world.as(`admin@${(d.party as Party).toLowerCase()}.example`)
      ).people.approveDelegation({ delegationId: made.delegationId })
    }
  })
  afterAll(() => world.destroy())

  function buildOf(flavour: Flavour): StateBuild {
    if (flavour === 'recused')
      return {
        author: 'member@honda.example',
        title: 'Pool LFP cell demand for 2029',
        body: 'One tender for both companies; a Nissan unit bids in it.',
        reviewers: REVIEWERS,
        concernBy: CONCERN_RAISER,
        recusedBy: [RECUSED_LEAD],
        rejecter: 'lead@honda.example',
      }
    return flavour === 'plain'
      ? {
          author: 'member@honda.example',
          title: 'Pool LFP cell demand for 2028',
          body: 'One tender for both companies.',
          reviewers: REVIEWERS,
          concernBy: CONCERN_RAISER,
        }
      : {
          author: 'member@honda.example',
          title: 'Sell a Nissan kei EV through Honda dealers',
          body: 'Honda dealers would offer the Nissan model under the Honda badge.',
          reviewers: REVIEWERS,
          concernBy: CONCERN_RAISER,
          impacts: impacts(ix, {
            'ST-1': { impact: 'touches', explanation: 'Honda would sell a rebadged Nissan model.' },
          }),
          signers: ['lead@honda.example', 'lead@nissan.example'],
        }
  }

  function contentOf(build: StateBuild, body: string) {
    return {
      title: build.title as string,
      body,
      workstreamId: ix.workstream('WS-BAT'),
      charterItemIds: [],
      impacts: build.impacts ?? impacts(ix),
      supersedes: [],
      amendment: null,
      decideBy: null,
    }
  }

  /** Calls the action's procedure as this actor, with input that is valid in every other way. */
  async function perform(
    actor: ActorKind,
    action: ProposalAction,
    build: StateBuild,
    proposalId: string,
    concernId: string | null,
  ): Promise<unknown> {
    const caller = actor.email ? await world.as(actor.email) : world.anonymous()
    // The version the caller saw is the current one: these cells are about the table, not CONFLICT.
    const row = await world.db
      .selectFrom('proposals')
      .select(['version', 'current_revision'])
      .where('id', '=', proposalId)
      .executeTakeFirstOrThrow()
    const ref = { proposalId, expectedVersion: row.version }
    const onBehalfOf = actor.delegator ? ix.user(actor.delegator.email) : undefined
    switch (action) {
      case 'update_draft':
        return caller.proposal.updateDraft({
          ...ref,
          content: contentOf(build, `${build.body} (edited)`),
        })
      case 'assign_reviewers':
        return caller.proposal.assignReviewers({ ...ref, reviewerIds: REVIEWERS.map(ix.user) })
      case 'submit':
        return caller.proposal.submit(ref)
      case 'review':
        return caller.proposal.review({ ...ref, verdict: 'approve', comment: 'Fine by me.' })
      case 'revise':
        return caller.proposal.revise({
          ...ref,
          content: contentOf(build, `${build.body}\nRevision ${row.current_revision + 1}.`),
          note: 'Clarified',
        })
      case 'raise_concern':
        return caller.proposal.raiseConcern({
          ...ref,
          title: 'Another question',
          rationale: 'What does this cost us?',
          grounds: { kind: 'other', text: 'The tender terms' },
          resolvesWhen: 'An answer in the thread',
        })
      case 'resolve_concern':
        return caller.proposal.resolveConcern({
          ...ref,
          concernId: concernId ?? randomUUID(),
          resolution: 'Settled.',
        })
      case 'sign_off':
        return caller.proposal.signOff({ ...ref, verdict: 'approve', rationale: '', onBehalfOf })
      case 'reject':
        return caller.proposal.reject({ ...ref, rationale: 'Not for us.', onBehalfOf })
      case 'recuse':
        return caller.proposal.recuse({ ...ref, reason: 'My unit bids in this tender.' })
      case 'withdraw':
        return caller.proposal.withdraw({ ...ref, reason: 'Overtaken by events.' })
      case 'comment':
        return caller.comment.add({ proposalId, body: 'A thought.', visibility: 'joint' })
      case 'escalate':
        return caller.proposal.escalate(ref)
      case 'reopen':
        return caller.proposal.reopen({
          ...ref,
          content: contentOf(build, `${build.body}\nReopened.`),
          note: 'Steering committee',
        })
    }
  }

  it('allows exactly what the table allows, refuses the rest with the right code, and a refusal changes nothing', async () => {
    const started = Date.now()
    const counts: Record<Outcome, number> = {
      ok: 0,
      UNAUTHORIZED: 0,
      NOT_FOUND: 0,
      FORBIDDEN: 0,
      BAD_REQUEST: 0,
    }
    const failures: string[] = []
    for (const flavour of Object.keys(FLAVOURS) as Flavour[]) {
      for (const { state, unsubmitted } of STAGES) {
        const build = { ...buildOf(flavour), unsubmitted }
        // One proposal takes every refusal in this state (a refusal changes nothing, which each
        // cell checks); each allowed cell gets a proposal of its own.
        const shared = await proposalInState(world, ix, state, build)
        for (const action of FLAVOURS[flavour].actions) {
          const actors = SIGNING.includes(action) ? [...ACTORS, ...DELEGATES] : ACTORS
          for (const actor of actors) {
            const expected = expectedOutcome(actor, state, action, flavour, unsubmitted)
            counts[expected]++
            const cell = `${flavour}: ${action} from ${state}${unsubmitted ? ' (never submitted)' : ''} by ${actor.kind}`
            // Comments do not move the proposal, so the allowed ones share it too.
            const target =
              expected === 'ok' && action !== 'comment'
                ? await proposalInState(world, ix, state, build)
                : shared
            const before = await fingerprint(world.db, target.id)
            const ledgerBefore = await ledgerCount(world.db)
            if (expected === 'ok') {
              try {
                await perform(actor, action, build, target.id, target.concernId)
              } catch (error) {
                failures.push(`${cell}: expected success, got ${(error as Error).message}`)
                continue
              }
              const after = await fingerprint(world.db, target.id)
              const rule = LIFECYCLE[action]
              if (after.state !== (rule.to ?? state)) {
                failures.push(`${cell}: ended ${after.state}, expected ${rule.to ?? state}`)
              }
              const events = (await ledgerRows(world.db)).slice(ledgerBefore)
              if (
                events.length === 0 ||
                events.some((e) => e.action === 'security.access_denied')
              ) {
                failures.push(`${cell}: ledger got ${events.map((e) => e.action).join(', ')}`)
              }
              continue
            }
            const procedure =
              action === 'comment'
                ? 'comment.add'
                : `proposal.${action.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())}`
            const refusedId = actor.email ? ix.user(actor.email) : null
            const refusalsBefore = refusedId
              ? await refusalTotal(world.db, refusedId, procedure)
              : null
            const error = await refusal(
              perform(actor, action, build, target.id, target.concernId),
            ).catch((e: Error) => e)
            const code = 'code' in error ? error.code : `success or ${error.message}`
            if (code !== expected) {
              failures.push(`${cell}: expected ${expected}, got ${code} (${error.message})`)
              continue
            }
            const after = await fingerprint(world.db, target.id)
            if (JSON.stringify(after) !== JSON.stringify(before)) {
              failures.push(
                `${cell}: refused but changed ${JSON.stringify(before)} → ${JSON.stringify(after)}`,
              )
            }
            const events = (await ledgerRows(world.db)).slice(ledgerBefore)
            // A FORBIDDEN is recorded as one more refusal of the caller on that procedure: in
            // the ledger as one security event, or counted into the next one when the caller
            // was already refused there this minute (server/audit/refusals.ts). Any other
            // refusal leaves the record as it was.
            const refusedNow =
              refusalsBefore === null
                ? 0
                : (await refusalTotal(world.db, refusedId as string, procedure)) - refusalsBefore
            if (refusedNow !== (expected === 'FORBIDDEN' ? 1 : 0)) {
              failures.push(`${cell}: ${refusedNow} refusals recorded for ${procedure}`)
            }
            const allowed =
              expected === 'FORBIDDEN' ? [[], [`security.access_denied by ${refusedId}`]] : [[]]
            const got = events.map((e) => `${e.action} by ${e.actor_id}`)
            if (!allowed.some((wanted) => JSON.stringify(got) === JSON.stringify(wanted))) {
              failures.push(`${cell}: ledger got [${got.join(', ')}]`)
            }
          }
        }
      }
    }
    const cells = Object.values(counts).reduce((a, b) => a + b, 0)
    console.info(
      `lifecycle matrix (${kind}): ${cells} cells in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      counts,
    )
    expect(failures).toEqual([])
    // Every kind of outcome occurs, so no expectation is vacuous.
    for (const n of Object.values(counts)) expect(n).toBeGreaterThan(0)
    expect(cells).toBe(
      ACTORS.length *
        STAGES.length *
        (FLAVOURS.plain.actions.length +
          FLAVOURS.stance.actions.length +
          FLAVOURS.recused.actions.length) +
        // delegates act in the signing cells of every flavour (each has both signing actions)
        DELEGATES.length * STAGES.length * SIGNING.length * Object.keys(FLAVOURS).length,
    )
  }, 900_000)
})
