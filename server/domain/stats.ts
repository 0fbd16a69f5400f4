/**
 * The dashboard's figures, at a cost that does not grow with the record (ADR 0026): counts come
 * from tables the triggers of migration 0020 keep (decisions by month; proposals by workstream,
 * state and draft owner); times are medians over the latest TIME_WINDOW decisions and sign-offs
 * (decisions_created_idx, signoffs_created_idx) and their proposals' ready events (ledger_entity_idx);
 * what waits now and the overdue list read the open proposals only (proposals_state_idx,
 * proposals_decide_by_idx).
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

const READY = 'proposal.ready_for_signoff'

/**
 * The latest decisions and sign-offs the times are measured over: the dashboard's cost does not
 * grow with the record (issue 16). A partnership deciding a few a day keeps months of them here.
 */
export const TIME_WINDOW = 1000

/**
 * When each of these proposals became ready for sign-off, oldest first: the start of the time a
 * party's sign-off is measured from. The lifecycle records it only in the ledger.
 *
 * Read through ledger_entity_idx, a proposal's few events each. `action` is compared as an
 * expression so that SQLite's planner does not take ledger_action_idx, which would read every
 * ready event of the whole ledger (what made the dashboard grow with the record, ADR 0018).
 */
async function readyTimes(db: Executor, proposalIds: string[]): Promise<Map<string, string[]>> {
  const times = new Map<string, string[]>()
  const ids = [...new Set(proposalIds)]
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('ledger_events')
      .select(['entity_id', 'ts'])
      .where('entity_type', '=', 'proposal')
      .where('entity_id', 'in', ids.slice(i, i + 500))
      .where(sql<string>`action || ''`, '=', READY)
      .orderBy('seq')
      .execute()
    for (const { entity_id, ts } of rows) {
      const list = times.get(entity_id)
      if (list) list.push(ts)
      else times.set(entity_id, [ts])
    }
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
  window = TIME_WINDOW,
) {
  const today = now.toISOString().slice(0, 10)
  const [parties, byMonth, byWorkstream, decided, signed, overdue] = await Promise.all([
    partiesOf(db, [partnershipId]),
    // Counts kept by triggers as the record changes (migration 0020): a few rows, any size.
    db
      .selectFrom('stats_decision_months')
      .select(['month', 'n'])
      .where('partnership_id', '=', partnershipId)
      .where('n', '>', 0)
      .orderBy('month')
      .execute(),
    db
      .selectFrom('stats_proposal_counts as c')
      .leftJoin('workstreams as w', 'w.id', 'c.workstream_key')
      .select((eb) => [
        'c.workstream_key',
        'w.code',
        'w.name',
        'w.name_ja',
        'c.state',
        eb.fn.sum<number | string>('c.n').as('n'),
      ])
      .where('c.partnership_id', '=', partnershipId)
      // Drafts are private to their author's party: count only the viewer's own.
      .where('c.draft_party', 'in', viewerParty ? ['', viewerParty] : [''])
      .groupBy(['c.workstream_key', 'w.code', 'w.name', 'w.name_ja', 'c.state'])
      .execute(),
    db
      .selectFrom('decisions as d')
      .innerJoin('proposals as p', 'p.id', 'd.proposal_id')
      .select(['d.created_at', 'p.submitted_at'])
      .where('d.partnership_id', '=', partnershipId)
      .orderBy('d.created_at', 'desc')
      .limit(window)
      .execute(),
    // Newest first through signoffs_created_idx, stopping at the window: the partnership is a
    // condition on each row, not a join the planner would start from (every proposal).
    db
      .selectFrom('signoffs as s')
      .leftJoin('stats_ready as r', 'r.proposal_id', 's.proposal_id')
      .select(['s.proposal_id', 's.party', 's.created_at', 'r.ready_at'])
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('proposals as p')
            .select('p.id')
            .whereRef('p.id', '=', 's.proposal_id')
            .where('p.partnership_id', '=', partnershipId),
        ),
      )
      .orderBy('s.created_at', 'desc')
      .limit(window)
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
  // A sign-off made before its proposal's latest readiness (on an earlier revision, sent back
  // and made ready again) is measured from the readiness before it, looked up in the ledger.
  const earlier = signed.filter((s) => s.ready_at !== null && s.ready_at > s.created_at)
  const ready = await readyTimes(
    db,
    earlier.map((s) => s.proposal_id),
  )
  const signedSince = signed.map((s) => ({
    ...s,
    ready_at:
      s.ready_at !== null && s.ready_at > s.created_at
        ? latest(ready.get(s.proposal_id), s.created_at)
        : s.ready_at,
  }))
  // Per party, the proposals that wait on it now (no sign-off of its on the current revision):
  // counted in the database, over the waiting proposals only (proposals_state_idx).
  const owed = await Promise.all(
    parties.map((party) =>
      db
        .selectFrom('proposals as p')
        .leftJoin('stats_ready as r', 'r.proposal_id', 'p.id')
        .select((eb) => [
          eb.fn.countAll<number | string>().as('n'),
          eb.fn.min('r.ready_at').as('oldest'),
        ])
        .where('p.partnership_id', '=', partnershipId)
        .where('p.state', '=', 'awaiting_signoff')
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('signoffs as s')
                .select('s.id')
                .whereRef('s.proposal_id', '=', 'p.id')
                .whereRef('s.revision', '=', 'p.current_revision')
                .where('s.party', '=', party.code),
            ),
          ),
        )
        .executeTakeFirstOrThrow(),
    ),
  )

  const workstreams = new Map<
    string,
    {
      workstream: { id: string; code: string; name: string; nameJa: string | null } | null
      counts: Record<ProposalState, number>
    }
  >()
  for (const row of byWorkstream) {
    if (Number(row.n) === 0) continue
    const key = row.workstream_key
    let entry = workstreams.get(key)
    if (!entry) {
      entry = {
        workstream:
          key && row.code && row.name
            ? { id: key, code: row.code, name: row.name, nameJa: row.name_ja }
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

  const signoffTime = parties.map((party, index) => {
    const hours = signedSince
      .filter((s) => s.party === party.code && s.ready_at)
      .map((s) => hoursBetween(s.ready_at as string, s.created_at))
    const waitingOn = owed[index]
    return {
      party: party.code,
      count: hours.length,
      medianHours: round(median(hours)),
      maxHours: round(
        hours.reduce<number | null>((max, h) => (max === null || h > max ? h : max), null),
      ),
      waitingNow: Number(waitingOn?.n ?? 0),
      oldestWaitingSince: (waitingOn?.oldest as string | null | undefined) ?? null,
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
