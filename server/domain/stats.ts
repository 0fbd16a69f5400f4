/**
 * The dashboard's figures, computed in the database where SQL does it well (counts grouped by
 * month, by workstream and state) and in code where it does not portably (medians). Each query
 * is bounded by the partnership and served by an index (decisions_status_idx,
 * proposals_state_idx, signoffs_proposal_idx, ledger_entity_idx).
 */
import { sql } from 'kysely'
import type { Executor } from '../../db/connect'
import { proposalCode } from '../../shared/codes'
import { OPEN_STATES, PROPOSAL_STATES, type ProposalState } from '../../shared/lifecycle'
import { partiesOf } from './partnerships'
import { visibleTo } from './proposals/access'

const HOUR = 3_600_000

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

function hoursBetween(from: string, to: string): number {
  return Math.max(0, (Date.parse(to) - Date.parse(from)) / HOUR)
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10
}

/**
 * When a proposal last became ready for sign-off (at or before `until`): the start of the time a
 * party's sign-off is measured from. The lifecycle records it only in the ledger.
 */
function readyAt(db: Executor, proposalRef: 'p.id' | 's.proposal_id', until?: 's.created_at') {
  return db
    .selectFrom('ledger_events as e')
    .select((eb) => eb.fn.max('e.ts').as('ts'))
    .where('e.entity_type', '=', 'proposal')
    .where('e.entity_id', '=', sql.ref<string>(proposalRef))
    .where('e.action', '=', 'proposal.ready_for_signoff')
    .$if(Boolean(until), (q) => q.where('e.ts', '<=', sql.ref<string>(until as string)))
}

export async function dashboardStats(
  db: Executor,
  partnershipId: string,
  viewerParty: string | null,
  now = new Date(),
) {
  const today = now.toISOString().slice(0, 10)
  const [parties, byMonth, byWorkstream, decided, signed, waiting, overdue] = await Promise.all([
    partiesOf(db, [partnershipId]),
    db
      .selectFrom('decisions')
      .select((eb) => [
        eb.fn<string>('substr', ['created_at', eb.val(1), eb.val(7)]).as('month'),
        eb.fn.countAll<number | string>().as('n'),
      ])
      .where('partnership_id', '=', partnershipId)
      .groupBy('month')
      .orderBy('month')
      .execute(),
    db
      .selectFrom('proposals as p')
      .leftJoin('workstreams as w', 'w.id', 'p.workstream_id')
      .select((eb) => [
        'p.workstream_id',
        'w.code',
        'w.name',
        'p.state',
        eb.fn.countAll<number | string>().as('n'),
      ])
      .where('p.partnership_id', '=', partnershipId)
      // Drafts are private to their author's party: count only the viewer's own.
      .where(visibleTo(viewerParty))
      .groupBy(['p.workstream_id', 'w.code', 'w.name', 'p.state'])
      .execute(),
    db
      .selectFrom('decisions as d')
      .innerJoin('proposals as p', 'p.id', 'd.proposal_id')
      .select(['d.created_at', 'p.submitted_at'])
      .where('d.partnership_id', '=', partnershipId)
      .execute(),
    db
      .selectFrom('signoffs as s')
      .innerJoin('proposals as p', 'p.id', 's.proposal_id')
      .select([
        's.party',
        's.created_at',
        readyAt(db, 's.proposal_id', 's.created_at').as('ready_at'),
      ])
      .where('p.partnership_id', '=', partnershipId)
      .execute(),
    db
      .selectFrom('proposals as p')
      .select(['p.id', 'p.current_revision', readyAt(db, 'p.id').as('ready_at')])
      .where('p.partnership_id', '=', partnershipId)
      .where('p.state', '=', 'awaiting_signoff')
      .execute(),
    db
      .selectFrom('proposals as p')
      .leftJoin('workstreams as w', 'w.id', 'p.workstream_id')
      .select(['p.id', 'p.number', 'p.title', 'p.state', 'p.decide_by', 'w.code'])
      .where('p.partnership_id', '=', partnershipId)
      .where('p.decide_by', '<', today)
      .where('p.state', 'in', [...OPEN_STATES])
      .where(visibleTo(viewerParty))
      .orderBy('p.decide_by')
      .orderBy('p.number')
      .limit(50)
      .execute(),
  ])

  // Sign-offs on the current revision of the proposals that wait: who has not signed yet.
  const waitingSigned = waiting.length
    ? await db
        .selectFrom('signoffs')
        .select(['proposal_id', 'revision', 'party'])
        .where(
          'proposal_id',
          'in',
          waiting.map((w) => w.id),
        )
        .execute()
    : []

  const workstreams = new Map<
    string,
    {
      workstream: { id: string; code: string; name: string } | null
      counts: Record<ProposalState, number>
    }
  >()
  for (const row of byWorkstream) {
    const key = row.workstream_id ?? ''
    let entry = workstreams.get(key)
    if (!entry) {
      entry = {
        workstream:
          row.workstream_id && row.code && row.name
            ? { id: row.workstream_id, code: row.code, name: row.name }
            : null,
        counts: Object.fromEntries(PROPOSAL_STATES.map((s) => [s, 0])) as Record<
          ProposalState,
          number
        >,
      }
      workstreams.set(key, entry)
    }
    entry.counts[row.state] += Number(row.n)
  }

  const decisionHours = decided
    .filter((d) => d.submitted_at)
    .map((d) => ({
      month: d.created_at.slice(0, 7),
      hours: hoursBetween(d.submitted_at as string, d.created_at),
    }))
  const months = [...new Set(decisionHours.map((d) => d.month))].sort()

  const signoffTime = parties.map((party) => {
    const hours = signed
      .filter((s) => s.party === party.code && s.ready_at)
      .map((s) => hoursBetween(s.ready_at as string, s.created_at))
    const owed = waiting.filter(
      (w) =>
        !waitingSigned.some(
          (s) =>
            s.proposal_id === w.id && s.revision === w.current_revision && s.party === party.code,
        ),
    )
    const since = owed
      .map((w) => w.ready_at)
      .filter((ts): ts is string => Boolean(ts))
      .sort()
    return {
      party: party.code,
      count: hours.length,
      medianHours: round(median(hours)),
      maxHours: round(hours.length ? Math.max(...hours) : null),
      waitingNow: owed.length,
      oldestWaitingSince: since[0] ?? null,
    }
  })

  return {
    generatedAt: now.toISOString(),
    decisionsByMonth: byMonth.map((m) => ({ month: m.month, count: Number(m.n) })),
    proposalsByWorkstream: [...workstreams.values()].sort((a, b) =>
      (a.workstream?.code ?? '~').localeCompare(b.workstream?.code ?? '~'),
    ),
    decisionTime: {
      count: decisionHours.length,
      medianHours: round(median(decisionHours.map((d) => d.hours))),
      byMonth: months.map((month) => {
        const inMonth = decisionHours.filter((d) => d.month === month).map((d) => d.hours)
        return { month, count: inMonth.length, medianHours: round(median(inMonth)) }
      }),
    },
    signoffTime,
    overdue: overdue.map((p) => ({
      id: p.id,
      code: proposalCode(p),
      title: p.title,
      state: p.state,
      decideBy: p.decide_by as string,
      workstreamCode: p.code,
    })),
  }
}
