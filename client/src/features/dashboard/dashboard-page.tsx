import { useQuery } from '@tanstack/react-query'
import { lazy, Suspense } from 'react'
import { useI18n } from '../../i18n'
import { usePartnership } from '../../partnership'
import { Link } from '../../router'
import { useTRPC } from '../../trpc'
import { useFormatDay } from '../../ui/day'
import { Page } from '../../ui/page'
import { ErrorState, Skeleton } from '../../ui/states'
import { useDuration } from './duration'
import './dashboard.css'

// The charts are their own chunk: the figures above them show while the drawing code arrives.
const DashboardCharts = lazy(() => import('./dashboard-charts'))

export function DashboardPage() {
  const { t, formatNumber } = useI18n()
  const formatDay = useFormatDay()
  const trpc = useTRPC()
  const { current } = usePartnership()
  const duration = useDuration()
  const stats = useQuery({
    ...trpc.stats.dashboard.queryOptions({ partnershipId: current?.id ?? '' }),
    enabled: Boolean(current),
  })
  const s = stats.data
  const decisions = s?.decisionsByMonth.reduce((sum, m) => sum + m.count, 0) ?? 0
  const open =
    s?.proposalsByWorkstream.reduce(
      (sum, w) => sum + w.counts.in_review + w.counts.awaiting_signoff,
      0,
    ) ?? 0

  return (
    <Page title={t('dashboard.title')} lead={t('dashboard.intro')}>
      {stats.isError ? (
        <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />
      ) : !s ? (
        <Skeleton lines={12} />
      ) : (
        <>
          <ul className="stat-tiles" aria-label={t('dashboard.figures')}>
            <li className="stat-tile">
              <span className="stat-value">{formatNumber(decisions)}</span>
              <span className="stat-label">{t('dashboard.tile.decisions')}</span>
            </li>
            <li className="stat-tile">
              <span className="stat-value">{formatNumber(open)}</span>
              <span className="stat-label">{t('dashboard.tile.open')}</span>
            </li>
            <li className="stat-tile">
              <span className="stat-value">{duration(s.decisionTime.medianHours)}</span>
              <span className="stat-label">{t('dashboard.tile.median')}</span>
            </li>
            <li className={`stat-tile${s.overdue.length > 0 ? ' stat-tile-warning' : ''}`}>
              <span className="stat-value">{formatNumber(s.overdue.length)}</span>
              <span className="stat-label">{t('dashboard.tile.overdue')}</span>
            </li>
          </ul>
          <Suspense fallback={<Skeleton lines={10} label={t('dashboard.loadingCharts')} />}>
            <DashboardCharts stats={s} />
          </Suspense>
          <section className="card" aria-labelledby="overdue-heading">
            <h2 id="overdue-heading">{t('dashboard.overdue.title')}</h2>
            {s.overdue.length === 0 ? (
              <p className="muted">{t('dashboard.overdue.none')}</p>
            ) : (
              <ul className="link-list">
                {s.overdue.map((p) => (
                  <li key={p.id}>
                    <Link to={`/proposals/${p.id}`}>
                      <span className="code">{p.code}</span> {p.title}
                    </Link>{' '}
                    <span className="muted">
                      {t('dashboard.overdue.item', {
                        date: formatDay(p.decideBy),
                        state: t(`dashboard.state.${p.state}`),
                      })}
                      {p.workstreamCode ? ` · ${p.workstreamCode}` : ''}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </Page>
  )
}
