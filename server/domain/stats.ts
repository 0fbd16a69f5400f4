/**
 * The dashboard's figures, computed in the database where SQL does it well (counts grouped by
 * month, by workstream and state) and in code where it does not portably (medians). Each query
 * is bounded by the partnership and served by an index (decisions_status_idx,
 * proposals_state_idx, signoffs_proposal_idx, ledger_action_idx).
 */
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

const READY = 'proposal.ready_for_signoff'

/**
 * When each proposal became ready for sign-off, oldest first: the start of the time a party's
 * sign-off is measured from. The lifecycle records it only in the ledger.
 *
 * One pass over ledger_action_idx, whose entries are in seq (rowid) order, so the rows are read
 * in the order they lie in the table. It replaced a lookup per sign-off that SQLite's planner
 * served from that same index by reading every ready event of the ledger each time (quadratic:
 * 24 s at 3k proposals, issue 16), and which, through ledger_entity_idx, still read a proposal's
 * scattered events at random for every sign-off.
 */
async function readyTimes(db: Executor): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('ledger_events')
    .select(['entity_id', 'ts'])
    .where('action', '=', READY)
    .where('entity_type', '=', 'proposal')
    .orderBy('seq')
    .execute()
  const times = new Map<string, string[]>()
  for (const { entity_id, ts } of rows) {
    const list = times.get(entity_id)
    if (list) list.push(ts)
    else times.set(entity_id, [ts])
  }
  return times
}

/** The latest of `times` at or before `until` (all of them when no bound); null for none. */
function latest(times: string[] | undefined, until?: string): string | null {
  let found: string | null = null
  for (const ts of times ?? [])
    if ((until === undefined || ts <= until) && (found === null || ts > found)) found = ts
  return found
}

export async function dashboardStats(
  db: Executor,
  partnershipId: string,
  viewerParty: string | null,
  now = new Date(),
) {
  const today = now.toISOString().slice(0, 10)
  const [parties, byMonth, byWorkstream, decided, signed, waiting, waitingSigned, overdue, ready] =
    await Promise.all([
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
          'w.name_ja',
          'p.state',
          eb.fn.countAll<number | string>().as('n'),
        ])
        .where('p.partnership_id', '=', partnershipId)
        // Drafts are private to their author's party: count only the viewer's own.
        .where(visibleTo(viewerParty))
        .groupBy(['p.workstream_id', 'w.code', 'w.name', 'w.name_ja', 'p.state'])
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
        .select(['s.proposal_id', 's.party', 's.created_at'])
        .where('p.partnership_id', '=', partnershipId)
        .execute(),
      db
        .selectFrom('proposals as p')
        .select(['p.id'])
        .where('p.partnership_id', '=', partnershipId)
        .where('p.state', '=', 'awaiting_signoff')
        .execute(),
      // Sign-offs on the current revision of the proposals that wait: who has signed already.
      db
        .selectFrom('signoffs as s')
        .innerJoin('proposals as p', (join) =>
          join.onRef('p.id', '=', 's.proposal_id').onRef('p.current_revision', '=', 's.revision'),
        )
        .select(['s.proposal_id', 's.party'])
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
      readyTimes(db),
    ])

  const signedSince = signed.map((s) => ({
    ...s,
    ready_at: latest(ready.get(s.proposal_id), s.created_at),
  }))
  const waitingSince = waiting.map((w) => ({ ...w, ready_at: latest(ready.get(w.id)) }))

  const workstreams = new Map<
    string,
    {
      workstream: { id: string; code: string; name: string; nameJa: string | null } | null
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
            ? { id: row.workstream_id, code: row.code, name: row.name, nameJa: row.name_ja }
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
  const hoursByMonth = new Map<string, number[]>()
  for (const d of decisionHours) {
    const inMonth = hoursByMonth.get(d.month)
    if (inMonth) inMonth.push(d.hours)
    else hoursByMonth.set(d.month, [d.hours])
  }
  const months = [...hoursByMonth.keys()].sort()
  const signedWaiting = new Set(waitingSigned.map((s) => `${s.proposal_id} ${s.party}`))

  const signoffTime = parties.map((party) => {
    const hours = signedSince
      .filter((s) => s.party === party.code && s.ready_at)
      .map((s) => hoursBetween(s.ready_at as string, s.created_at))
    const owed = waitingSince.filter((w) => !signedWaiting.has(`${w.id} ${party.code}`))
    const since = owed
      .map((w) => w.ready_at)
      .filter((ts): ts is string => Boolean(ts))
      .sort()
    return {
      party: party.code,
      count: hours.length,
      medianHours: round(median(hours)),
      maxHours: round(
        hours.reduce<number | null>((max, h) => (max === null || h > max ? h : max), null),
      ),
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
        const inMonth = hoursByMonth.get(month) ?? []
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
