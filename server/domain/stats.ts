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

/**
 * Per group: how many, the median (the mean of the two middle values for an even count) and the
 * largest of `hours`, computed in the database (ADR 0040: a few figures cross over to the request
 * thread, not a thousand values to sort there). `timed` is a subquery of (g, hours) rows.
 */
function summarizeSql(timed: ReturnType<typeof sql>) {
  return sql<HoursSummary>`
    select g, cnt as n, avg(hours) as median_hours, mx as max_hours from (
      select g, hours,
        row_number() over (partition by g order by hours) as rn,
        count(*) over (partition by g) as cnt,
        max(hours) over (partition by g) as mx
      from (${timed}) timed
    ) ranked
    where rn in ((cnt + 1) / 2, (cnt + 2) / 2)
    group by g, cnt, mx`
}

interface HoursSummary {
  g: string
  n: number | string
  median_hours: number | string | null
  max_hours: number | string | null
}

/** The group of all decisions together, beside one per month. */
const ALL = '*'

/**
 * Decision times over the latest `window` decisions: hours from submission to decision, per
 * month of the decision and over all of them (group `ALL`).
 */
async function decisionHours(
  db: Executor,
  partnershipId: string,
  window: number,
): Promise<HoursSummary[]> {
  const postgres = isPostgres(db)
  const latest = sql`
    select substr(d.created_at, 1, 7) as month,
      ${hoursSql(postgres, 'p.submitted_at', 'd.created_at')} as hours
    from decisions d join proposals p on p.id = d.proposal_id
    where d.partnership_id = ${partnershipId}
    order by d.created_at desc limit ${window}`
  const result = await summarizeSql(sql`
    select month as g, hours from (${latest}) by_month where hours is not null
    union all
    select ${ALL} as g, hours from (${latest}) all_months where hours is not null`).execute(db)
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
): Promise<HoursSummary[]> {
  const postgres = isPostgres(db)
  const result = await summarizeSql(sql`
    select party as g, ${hoursSql(postgres, 'ready_at', 'created_at')} as hours from (
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
    where ready_at is not null`).execute(db)
  return result.rows
}

const hoursOrNull = (value: number | string | null | undefined): number | null =>
  value === null || value === undefined ? null : round(Number(value))

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

  const overall = decided.find((m) => m.g === ALL)
  const months = decided.filter((m) => m.g !== ALL).sort((x, y) => x.g.localeCompare(y.g))
  const signedBy = new Map(signed.map((m) => [m.g, m]))

  const signoffTime = parties.map((party, index) => {
    const hours = signedBy.get(party.code)
    const waitingOn = owed[index]
    return {
      party: party.code,
      count: Number(hours?.n ?? 0),
      medianHours: hoursOrNull(hours?.median_hours),
      maxHours: hoursOrNull(hours?.max_hours),
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
      count: Number(overall?.n ?? 0),
      medianHours: hoursOrNull(overall?.median_hours),
      byMonth: months.map((m) => ({
        month: m.g,
        count: Number(m.n),
        medianHours: hoursOrNull(m.median_hours),
      })),
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
