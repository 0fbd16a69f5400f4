import { TRPCError } from '@trpc/server'
import type { Db } from '../../db/connect'
import { eventHeaderOf } from '../../server/audit/ledger-row'
import { readableEvent } from '../../server/audit/visibility'
import { decideByHasPassed } from '../../shared/decide-by'
import { type LedgerEvent, verifyChain } from '../../shared/ledger-hash'
import type { ProposalState } from '../../shared/lifecycle'
import type { DemoWorld } from './api'

/**
 * A year whose dates lie ahead for as long as the tests run, and within the five years a decide-by
 * date may lie ahead (shared/decide-by.ts).
 */
export const AHEAD_YEAR = new Date().getUTCFullYear() + 2

type Caller = Awaited<ReturnType<DemoWorld['as']>>

/** Names the demo's charter items, workstreams and users by their codes and emails. */
export async function demoIndex(world: DemoWorld) {
  const lead = await world.as('lead@honda.example')
  const charter = await lead.charter.get({ partnershipId: world.partnershipId })
  const items = Object.values(charter.items).flat()
  const item = (code: string) => {
    const found = items.find((i) => i.code === code)
    if (!found) throw new Error(`no charter item ${code}`)
    return found.id
  }
  const workstreams = await lead.workstream.list({ partnershipId: world.partnershipId })
  const workstream = (code: string) => {
    const found = workstreams.find((w) => w.code === code)
    if (!found) throw new Error(`no workstream ${code}`)
    return found.id
  }
  const users = await world.db.selectFrom('users').select(['id', 'email']).execute()
  const user = (email: string) => {
    const found = users.find((u) => u.email === email)
    if (!found) throw new Error(`no user ${email}`)
    return found.id
  }
  return { item, workstream, user }
}

export type DemoIndex = Awaited<ReturnType<typeof demoIndex>>

/** Impact statements of `none` on the demo's constraint and stance, with overrides. */
export function impacts(
  ix: DemoIndex,
  overrides: Record<string, { impact: 'none' | 'touches'; explanation?: string }> = {},
) {
  return ['CON-1', 'ST-1'].map((code) => ({
    itemId: ix.item(code),
    impact: overrides[code]?.impact ?? ('none' as const),
    explanation: overrides[code]?.explanation ?? '',
  }))
}

/** Creates, staffs and submits a proposal; returns its id and version. */
export async function fileProposal(
  world: DemoWorld,
  ix: DemoIndex,
  author: string,
  options: {
    type?: 'decision' | 'amendment'
    title: string
    body?: string
    workstream?: string
    reviewers: string[]
    impacts?: ReturnType<typeof impacts>
    supersedes?: string[]
    amendment?: { changes: unknown[] } | null
    charterItems?: string[]
  },
) {
  const caller = await world.as(author)
  const created = await caller.proposal.create({
    partnershipId: world.partnershipId,
    type: options.type ?? 'decision',
    content: {
      title: options.title,
      body: options.body ?? '',
      workstreamId: ix.workstream(options.workstream ?? 'WS-BAT'),
      charterItemIds: (options.charterItems ?? []).map(ix.item),
      impacts: options.impacts ?? impacts(ix),
      supersedes: options.supersedes ?? [],
      // biome-ignore lint/suspicious/noExplicitAny: tests pass amendment shapes through as written
      amendment: (options.amendment ?? null) as any,
      decideBy: null,
    },
  })
  const assigned = await caller.proposal.assignReviewers({
    proposalId: created.id,
    expectedVersion: created.version,
    reviewerIds: options.reviewers.map(ix.user),
  })
  return { id: created.id, version: assigned.version, caller }
}

export async function currentVersion(caller: Caller, proposalId: string): Promise<number> {
  return (await caller.proposal.get({ proposalId })).version
}

/** Reads the whole ledger and checks its chain with the shared verifier. */
export async function verifyLedger(db: Db) {
  const rows = await db.selectFrom('ledger_events').selectAll().orderBy('seq').execute()
  // The server's own mapping of a row to the hashed fields; the chain check is the shared one.
  // The stored event with its payload and, for a salted (v2) entry, the payload's salt.
  const events: LedgerEvent[] = rows.map((r) => readableEvent(eventHeaderOf(r), r))
  return { result: await verifyChain(events), rows }
}

/** Awaits a call that must be refused and returns the tRPC error it was refused with. */
export async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof TRPCError) return error
    throw error
  }
  throw new Error('expected the call to be refused, but it succeeded')
}

export interface StateBuild {
  /** author's email */
  author: string
  title?: string
  body?: string
  workstream?: string
  type?: 'decision' | 'amendment'
  impacts?: ReturnType<typeof impacts>
  amendment?: { changes: unknown[] } | null
  /** assigned before submission; must include someone of each party */
  reviewers: string[]
  /** raises a concern right after submission (left open in in_review, rejected and withdrawn; resolved on the way to sign-off) */
  concernBy?: string
  /** eligible leads who sign (approve) on the way to `approved`, one per party */
  signers?: string[]
  /** with `withdrawn`: withdrawn as a draft, never submitted (it stays its party's own) */
  unsubmitted?: boolean
  /** the eligible lead who rejects on the way to `rejected` */
  rejecter?: string
  /** decide-by date */
  decideBy?: string | null
  /** codes of linked charter items */
  charterItems?: string[]
  /** people who recuse right after submission (ADR 0029); a recused reviewer then does not review */
  recusedBy?: string[]
}

/**
 * Drives a fresh proposal to `state` through the API, as the people of the demo would:
 * draft → submit → (concern) → reviews → sign-offs, or a rejection or withdrawal. A decide-by
 * date in the past cannot be set (the domain refuses it): the proposal is made with a date ahead,
 * and then time passes, that is, its date is moved back in the rows.
 */
export async function proposalInState(
  world: DemoWorld,
  ix: DemoIndex,
  state: ProposalState,
  build: StateBuild,
) {
  const passed = build.decideBy ? decideByHasPassed(build.decideBy, new Date()) : false
  const made = await driveToState(
    world,
    ix,
    state,
    passed ? { ...build, decideBy: `${AHEAD_YEAR}-12-31` } : build,
  )
  if (passed && build.decideBy) await letDecideByPass(world.db, made.id, build.decideBy)
  return made
}

/** What the days do to a proposal: its decide-by date is now `date`, which has passed. */
export async function letDecideByPass(db: Db, proposalId: string, date: string) {
  await db.updateTable('proposals').set({ decide_by: date }).where('id', '=', proposalId).execute()
  await db
    .updateTable('proposal_revisions')
    .set({ decide_by: date })
    .where('proposal_id', '=', proposalId)
    .execute()
}

async function driveToState(
  world: DemoWorld,
  ix: DemoIndex,
  state: ProposalState,
  build: StateBuild,
): Promise<{ id: string; concernId: string | null }> {
  const { id, caller: author } = await fileProposal(world, ix, build.author, {
    type: build.type,
    title: build.title ?? `A ${state} proposal`,
    body: build.body,
    workstream: build.workstream,
    reviewers: build.reviewers,
    impacts: build.impacts,
    amendment: build.amendment,
    charterItems: build.charterItems,
  })
  if (build.decideBy) {
    const draft = await author.proposal.get({ proposalId: id })
    await author.proposal.updateDraft({
      proposalId: id,
      expectedVersion: draft.version,
      content: { ...draft.revision, decideBy: build.decideBy },
    })
  }
  if (state === 'draft') return { id, concernId: null }
  if (state === 'withdrawn' && build.unsubmitted) {
    await author.proposal.withdraw({
      proposalId: id,
      expectedVersion: await currentVersion(author, id),
      reason: 'Never mind.',
    })
    return { id, concernId: null }
  }
  let version = (
    await author.proposal.submit({
      proposalId: id,
      expectedVersion: await currentVersion(author, id),
    })
  ).version
  for (const email of build.recusedBy ?? []) {
    version = (
      await (
        await world.as(email)
      ).proposal.recuse({
        proposalId: id,
        expectedVersion: version,
        reason: 'My own unit bids in this tender.',
      })
    ).version
  }
  let concernId: string | null = null
  if (build.concernBy) {
    const raiser = await world.as(build.concernBy)
    const raised = await raiser.proposal.raiseConcern({
      proposalId: id,
      expectedVersion: version,
      title: 'Open question',
      rationale: 'Who carries the risk if the tender fails?',
      grounds: { kind: 'other', text: 'The tender terms' },
      resolvesWhen: 'An answer in the thread',
    })
    concernId = raised.concernId
    version = raised.version
    if (state === 'awaiting_signoff' || state === 'approved') {
      version = (
        await raiser.proposal.resolveConcern({
          proposalId: id,
          expectedVersion: version,
          concernId,
          resolution: 'Answered in the thread.',
        })
      ).version
    }
  }
  if (state === 'in_review') return { id, concernId }
  if (state === 'withdrawn') {
    await author.proposal.withdraw({ proposalId: id, expectedVersion: version, reason: 'Moot.' })
    return { id, concernId }
  }
  if (state === 'rejected' || state === 'escalated') {
    const rejecter = await world.as(build.rejecter ?? 'lead@nissan.example')
    const rejected = await rejecter.proposal.reject({
      proposalId: id,
      expectedVersion: version,
      rationale: 'Not now.',
    })
    // The escalation ladder (ADR 0032): the author's party's partnership lead takes the deadlock up.
    if (state === 'escalated')
      await (await world.as('lead@honda.example')).proposal.escalate({
        proposalId: id,
        expectedVersion: rejected.version,
      })
    return { id, concernId }
  }
  let result: { state: ProposalState; version: number } = { state: 'in_review', version }
  for (const reviewer of build.reviewers.filter((r) => !build.recusedBy?.includes(r))) {
    result = await (await world.as(reviewer)).proposal.review({
      proposalId: id,
      expectedVersion: result.version,
      verdict: 'approve',
      comment: '',
    })
  }
  if (result.state !== 'awaiting_signoff') {
    throw new Error(`proposalInState: reviews left the proposal ${result.state}`)
  }
  if (state === 'awaiting_signoff') return { id, concernId }
  for (const signer of build.signers ?? [
    'battery.lead@honda.example',
    'battery.lead@nissan.example',
  ]) {
    result = await (await world.as(signer)).proposal.signOff({
      proposalId: id,
      expectedVersion: result.version,
      verdict: 'approve',
      rationale: '',
    })
  }
  if (result.state !== 'approved') {
    throw new Error(`proposalInState: sign-offs left the proposal ${result.state}`)
  }
  return { id, concernId }
}

/**
 * What a refused call must leave unchanged: the proposal row's version and state and every row
 * hanging off the proposal.
 */
export async function fingerprint(db: Db, proposalId: string) {
  const count = async (
    table: 'reviews' | 'concerns' | 'signoffs' | 'comments' | 'proposal_revisions' | 'recusals',
  ) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('proposal_id', '=', proposalId)
          .executeTakeFirstOrThrow()
      ).n,
    )
  const p = await db
    .selectFrom('proposals')
    .select(['version', 'state', 'current_revision'])
    .where('id', '=', proposalId)
    .executeTakeFirstOrThrow()
  const reviewers = await db
    .selectFrom('proposal_reviewers')
    .select('user_id')
    .where('proposal_id', '=', proposalId)
    .orderBy('user_id')
    .execute()
  const openConcerns = await db
    .selectFrom('concerns')
    .select('id')
    .where('proposal_id', '=', proposalId)
    .where('status', '=', 'open')
    .execute()
  return {
    ...p,
    reviews: await count('reviews'),
    concerns: await count('concerns'),
    openConcerns: openConcerns.length,
    signoffs: await count('signoffs'),
    recusals: await count('recusals'),
    comments: await count('comments'),
    revisions: await count('proposal_revisions'),
    reviewers: reviewers.map((r) => r.user_id),
    decisions: Number(
      (
        await db
          .selectFrom('decisions')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('proposal_id', '=', proposalId)
          .executeTakeFirstOrThrow()
      ).n,
    ),
  }
}

export async function ledgerRows(db: Db) {
  return db.selectFrom('ledger_events').selectAll().orderBy('seq').execute()
}

export async function ledgerCount(db: Db): Promise<number> {
  const row = await db
    .selectFrom('ledger_events')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * The same world, with one signed-in caller per account instead of a new session per call. A
 * caller is signed in again after two minutes, so that acts needing a fresh sign-in (five
 * minutes, server/auth/fresh.ts) still find one when a long suite runs slowly.
 */
export function withCachedCallers(world: DemoWorld): DemoWorld {
  const callers = new Map<string, { caller: Promise<Caller>; at: number }>()
  return {
    ...world,
    as(email) {
      let cached = callers.get(email)
      if (!cached || Date.now() - cached.at > 120_000) {
        cached = { caller: world.as(email), at: Date.now() }
        callers.set(email, cached)
      }
      return cached.caller
    },
  }
}
