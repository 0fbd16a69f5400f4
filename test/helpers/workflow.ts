import type { Db } from '../../db/connect'
import { type LedgerEvent, verifyChain } from '../../shared/ledger-hash'
import type { DemoWorld } from './api'

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
  const events: LedgerEvent[] = rows.map((r) => ({
    seq: r.seq,
    ts: r.ts,
    partnershipId: r.partnership_id,
    actorId: r.actor_id,
    actorParty: r.actor_party,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    visibility: r.visibility,
    payloadHash: r.payload_hash,
    prevHash: r.prev_hash,
    hash: r.hash,
    payload: JSON.parse(r.payload),
  }))
  return { result: await verifyChain(events), rows }
}
