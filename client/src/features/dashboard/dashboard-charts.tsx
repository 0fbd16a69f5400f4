import { PROPOSAL_STATES } from '../../../../shared/lifecycle'
import { useI18n } from '../../i18n'
import { partyName, usePartnership } from '../../partnership'
import type { RouterOutputs } from '../../trpc'
import { BarList, ChartFigure, ColumnChart, Legend, StackedBarChart } from './charts'
import { useDuration, useDurationAxis } from './duration'
import './dashboard.css'
import { useLocalText } from '../../ui/local-text'

export type Stats = RouterOutputs['stats']['dashboard']

/** Every month from the first decision's to this one (at most the last 24), gaps as zero. */
function monthRange(first: string | undefined, now: Date): string[] {
  const end = now.toISOString().slice(0, 7)
  if (!first) return [end]
  const out: string[] = []
  let [y, m] = first.split('-').map(Number) as [number, number]
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`
    out.push(key)
    if (key >= end) break
    m += 1
    if (m > 12) {
      m = 1
      y += 1
    }
  }
  return out.slice(-24)
}

function useMonthLabel() {
  const { locale } = useI18n()
  const format = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  })
  return (month: string) => format.format(new Date(`${month}-01T00:00:00Z`))
}

function DecisionsOverTime({ stats }: { stats: Stats }) {
  const { t, formatNumber } = useI18n()
  const monthLabel = useMonthLabel()
  const counts = new Map(stats.decisionsByMonth.map((m) => [m.month, m.count]))
  const months = monthRange(stats.decisionsByMonth[0]?.month, new Date(stats.generatedAt))
  const bars = months.map((month) => ({
    key: month,
    label: monthLabel(month),
    value: counts.get(month) ?? 0,
    text: formatNumber(counts.get(month) ?? 0),
  }))
  const total = stats.decisionsByMonth.reduce((sum, m) => sum + m.count, 0)
  const busiest = [...bars].sort((a, b) => b.value - a.value)[0]
  const summary =
    total === 0
      ? t('dashboard.decisions.none')
      : t('dashboard.decisions.summary', {
          total: formatNumber(total),
          from: bars[0]?.label ?? '',
          to: bars[bars.length - 1]?.label ?? '',
          busiest: busiest?.label ?? '',
          count: formatNumber(busiest?.value ?? 0),
        })
  return (
    <ChartFigure
      id="chart-decisions"
      title={t('dashboard.decisions.title')}
      summary={summary}
      empty={total === 0}
      table={{
        caption: t('dashboard.decisions.title'),
        columns: [t('dashboard.col.month'), t('dashboard.col.decisions')],
        rows: bars.map((b) => [b.label, b.value]),
      }}
    >
      {({ titleId, descId }) => (
        <ColumnChart
          whole
          bars={bars}
          title={t('dashboard.decisions.title')}
          labelledBy={titleId}
          describedBy={descId}
          formatTick={(v) => formatNumber(v)}
        />
      )}
    </ChartFigure>
  )
}

function ProposalsByState({ stats }: { stats: Stats }) {
  const { t } = useI18n()
  const local = useLocalText()
  const series = PROPOSAL_STATES.map((state) => ({
    key: state,
    label: t(`dashboard.state.${state}`),
  }))
  const rows = stats.proposalsByWorkstream.map((w) => ({
    key: w.workstream?.id ?? 'none',
    label: w.workstream
      ? `${w.workstream.code} ${local(w.workstream.name, w.workstream.nameJa)}`
      : t('dashboard.noWorkstream'),
    values: w.counts as Record<string, number>,
  }))
  const total = rows.reduce((sum, r) => sum + Object.values(r.values).reduce((a, b) => a + b, 0), 0)
  const open = stats.proposalsByWorkstream.reduce(
    (sum, w) => sum + w.counts.draft + w.counts.in_review + w.counts.awaiting_signoff,
    0,
  )
  const summary =
    total === 0
      ? t('dashboard.proposals.none')
      : t('dashboard.proposals.summary', {
          total,
          open,
          workstreams: rows.length,
          parts: rows
            .map(
              (r) =>
                `${r.label}: ${series
                  .filter((s) => (r.values[s.key] ?? 0) > 0)
                  .map((s) => `${s.label} ${r.values[s.key]}`)
                  .join(', ')}`,
            )
            .join('; '),
        })
  return (
    <ChartFigure
      id="chart-proposals"
      title={t('dashboard.proposals.title')}
      summary={summary}
      empty={total === 0}
      legend={<Legend series={series} />}
      table={{
        caption: t('dashboard.proposals.title'),
        columns: [t('dashboard.col.workstream'), ...series.map((s) => s.label)],
        rows: rows.map((r) => [r.label, ...series.map((s) => r.values[s.key] ?? 0)]),
      }}
    >
      {({ titleId, descId }) => (
        <StackedBarChart
          title={t('dashboard.proposals.title')}
          rows={rows}
          series={series}
          labelledBy={titleId}
          describedBy={descId}
        />
      )}
    </ChartFigure>
  )
}

function TimeToDecision({ stats }: { stats: Stats }) {
  const { t } = useI18n()
  const duration = useDuration()
  const monthLabel = useMonthLabel()
  const months = stats.decisionTime.byMonth
  const axis = useDurationAxis(months.map((m) => m.medianHours))
  const bars = months.map((m) => ({
    key: m.month,
    label: monthLabel(m.month),
    value: axis.value(m.medianHours),
    text: duration(m.medianHours),
  }))
  const summary =
    stats.decisionTime.count === 0
      ? t('dashboard.time.none')
      : t('dashboard.time.summary', {
          median: duration(stats.decisionTime.medianHours),
          count: stats.decisionTime.count,
        })
  return (
    <ChartFigure
      id="chart-time"
      title={t('dashboard.time.title')}
      summary={summary}
      empty={stats.decisionTime.count === 0}
      table={{
        caption: t('dashboard.time.title'),
        columns: [
          t('dashboard.col.month'),
          t('dashboard.col.decisions'),
          t('dashboard.col.median'),
        ],
        rows: months.map((m) => [monthLabel(m.month), m.count, duration(m.medianHours)]),
      }}
    >
      {({ titleId, descId }) => (
        <>
          <p className="big-figure" aria-hidden="true">
            {duration(stats.decisionTime.medianHours)}
          </p>
          <ColumnChart
            bars={bars}
            title={t('dashboard.time.title')}
            labelledBy={titleId}
            describedBy={descId}
            formatTick={axis.tick}
          />
        </>
      )}
    </ChartFigure>
  )
}

function SignoffTimes({ stats }: { stats: Stats }) {
  const { t, lang, formatDateTime } = useI18n()
  const { current } = usePartnership()
  const duration = useDuration()
  const name = (code: string) =>
    partyName(
      current?.parties.find((p) => p.code === code),
      lang,
      code,
    )
  const measured = stats.signoffTime.filter((p) => p.medianHours !== null)
  // Named only when one party is clearly slower than every other.
  const sorted = [...measured].sort((a, b) => (b.medianHours ?? 0) - (a.medianHours ?? 0))
  const slowest =
    sorted.length > 1 && (sorted[0]?.medianHours ?? 0) > (sorted[1]?.medianHours ?? 0)
      ? sorted[0]
      : null
  const bars = stats.signoffTime.map((p) => ({
    key: p.party,
    label: name(p.party),
    value: p.medianHours ?? 0,
    measured: p.medianHours !== null,
    text: p.medianHours === null ? t('dashboard.signoff.noData') : duration(p.medianHours),
  }))
  const summary =
    measured.length === 0
      ? t('dashboard.signoff.none')
      : `${stats.signoffTime
          .map((p) =>
            t('dashboard.signoff.party', {
              party: name(p.party),
              median:
                p.medianHours === null ? t('dashboard.signoff.noData') : duration(p.medianHours),
              count: p.count,
            }),
          )
          .join(' ')}${
          slowest ? ` ${t('dashboard.signoff.bottleneck', { party: name(slowest.party) })}` : ''
        }`
  return (
    <ChartFigure
      id="chart-signoff"
      title={t('dashboard.signoff.title')}
      summary={summary}
      table={{
        caption: t('dashboard.signoff.title'),
        columns: [
          t('dashboard.col.party'),
          t('dashboard.col.signoffs'),
          t('dashboard.col.median'),
          t('dashboard.col.longest'),
          t('dashboard.col.waiting'),
        ],
        rows: stats.signoffTime.map((p) => [
          name(p.party),
          p.count,
          duration(p.medianHours),
          duration(p.maxHours),
          p.waitingNow,
        ]),
      }}
    >
      {({ titleId, descId }) => (
        <>
          {/* With nothing measured the summary above says so; the waiting list still tells. */}
          {measured.length === 0 ? null : (
            <BarList
              bars={bars}
              title={t('dashboard.signoff.title')}
              labelledBy={titleId}
              describedBy={descId}
              highlight={slowest?.party ?? null}
            />
          )}
          <ul className="waiting-list">
            {stats.signoffTime.map((p) => (
              <li key={p.party}>
                <span className="party-tag">{p.party}</span>{' '}
                {p.waitingNow === 0
                  ? t('dashboard.signoff.owesNone', { party: name(p.party) })
                  : t('dashboard.signoff.owes', {
                      party: name(p.party),
                      count: p.waitingNow,
                      since: p.oldestWaitingSince ? formatDateTime(p.oldestWaitingSince) : '—',
                    })}
              </li>
            ))}
          </ul>
        </>
      )}
    </ChartFigure>
  )
}

export default function DashboardCharts({ stats }: { stats: Stats }) {
  return (
    <div className="chart-grid">
      <DecisionsOverTime stats={stats} />
      <ProposalsByState stats={stats} />
      <TimeToDecision stats={stats} />
      <SignoffTimes stats={stats} />
    </div>
  )
}
