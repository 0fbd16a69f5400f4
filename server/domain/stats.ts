/**
 * The dashboard's figures, at a cost that does not grow with the record (ADR 0026): counts come
 * from tables the triggers of migration 0020 keep (decisions by month; proposals by workstream,
 * state and draft owner); times are medians over the latest TIME_WINDOW decisions and sign-offs
 * (decisions_created_idx, signoffs_created_idx) and their proposals' ready events (ledger_entity_idx),
 * the hours computed in the database and brought back as one short text per month or party;
 * what waits now and the overdue list read the open proposals only (proposals_state_idx,
 * proposals_decide_by_idx).
 */
import { sql } from 'kysely'
import { type Executor, isPostgres } from '../../db/connect'
import { proposalCode } from '../../shared/codes'
import { OPEN_STATES, PROPOSAL_STATES, type ProposalState } from '../../shared/lifecycle'
import { partiesOf } from './partnerships'
import { visibleTo } from './proposals/access'

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10
}

const READY = 'proposal.ready_for_signoff'

/**
 * The latest decisions and sign-offs the times are measured over: the dashboard's cost does not
 * grow with the record (issue 16). A partnership deciding a few a day keeps months of them here.
 */
export const TIME_WINDOW = 1000

/** Hours from `from` to `to` (ISO timestamps), never below 0, computed in the database. */
function hoursSql(postgres: boolean, from: string, to: string) {
  return postgres
    ? sql<number>`greatest(0, extract(epoch from (${sql.ref(to)}::timestamptz - ${sql.ref(from)}::timestamptz)) / 3600.0)`
    : sql<number>`max(0.0, (julianday(${sql.ref(to)}) - julianday(${sql.ref(from)})) * 24.0)`
}

/** Each group's hours as one text of numbers: a few short rows cross over, not a thousand. */
function hoursListSql(postgres: boolean) {
  return postgres
    ? sql<string>`string_agg(hours::text, ',')`
    : sql<string>`group_concat(hours, ',')`
}

interface HoursByGroup {
  g: string
  hours: string | null
}

/**
 * Decision times over the latest `window` decisions, per month of the decision: hours from
 * submission to decision, computed in the database (ADR 0040: only the figures cross over to
 * the request thread, not a thousand rows).
 */
async function decisionHours(
  db: Executor,
  partnershipId: string,
  window: number,
): Promise<HoursByGroup[]> {
  const postgres = isPostgres(db)
  const result = await sql<HoursByGroup>`
    select month as g, ${hoursListSql(postgres)} as hours from (
      select substr(d.created_at, 1, 7) as month,
        ${hoursSql(postgres, 'p.submitted_at', 'd.created_at')} as hours
      from decisions d join proposals p on p.id = d.proposal_id
      where d.partnership_id = ${partnershipId}
      order by d.created_at desc limit ${window}
    ) latest
    where hours is not null
    group by month`.execute(db)
  return result.rows
}

/**
 * Sign-off times over the latest `window` sign-offs, per party: from when the proposal became
 * ready for sign-off. A sign-off made before its proposal's latest readiness (on an earlier
 * revision, sent back and made ready again) is measured from the readiness before it, looked up
 * in the ledger through ledger_entity_idx; `action` is compared as an expression so that the
 * planner does not take ledger_action_idx (every ready event of the ledger, ADR 0018).
 */
async function signoffHours(
  db: Executor,
  partnershipId: string,
  window: number,
): Promise<HoursByGroup[]> {
  const postgres = isPostgres(db)
  const result = await sql<HoursByGroup>`
    select party as g, ${hoursListSql(postgres)} as hours from (
      select party, ${hoursSql(postgres, 'ready_at', 'created_at')} as hours from (
        select s.party as party, s.created_at as created_at,
          case when r.ready_at > s.created_at then (
            select max(l.ts) from ledger_events l
            where l.entity_type = 'proposal' and l.entity_id = s.proposal_id
              and l.action || '' = ${READY} and l.ts <= s.created_at
          ) else r.ready_at end as ready_at
        from signoffs s left join stats_ready r on r.proposal_id = s.proposal_id
        where exists (
          select 1 from proposals p
          where p.id = s.proposal_id and p.partnership_id = ${partnershipId}
        )
        order by s.created_at desc limit ${window}
      ) latest
      where ready_at is not null
    ) timed
    group by party`.execute(db)
  return result.rows
}

const parseHours = (list: string | null | undefined): number[] =>
  list ? list.split(',').map(Number) : []

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
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
    decisionHours(db, partnershipId, window),
    signoffHours(db, partnershipId, window),
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

  const hoursByMonth = new Map(decided.map((m) => [m.g, parseHours(m.hours)]))
  const decisionHoursAll = [...hoursByMonth.values()].flat()
  const months = [...hoursByMonth.keys()].sort()
  const signedBy = new Map(signed.map((m) => [m.g, parseHours(m.hours)]))

  const signoffTime = parties.map((party, index) => {
    const hours = signedBy.get(party.code) ?? []
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
      count: decisionHoursAll.length,
      medianHours: round(median(decisionHoursAll)),
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
