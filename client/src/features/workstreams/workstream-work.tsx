/** A workstream's proposals and decisions, newest first, with links to the full lists. */
import { useQuery } from '@tanstack/react-query'
import { useI18n } from '../../i18n'
import { Link } from '../../router'
import { useTRPC } from '../../trpc'
import { DecideBy } from '../../ui/decide-by'
import { StateBadge } from '../../ui/state-badge'
import { EmptyState, ErrorState, Skeleton } from '../../ui/states'
import { DecisionStatus } from '../decisions/decision-parts'

const SHOWN = 10

export function WorkstreamWork({
  partnershipId,
  workstreamId,
}: {
  partnershipId: string
  workstreamId: string
}) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const proposals = useQuery(
    trpc.proposal.list.queryOptions({ partnershipId, workstreamId, limit: SHOWN }),
  )
  const decisions = useQuery(
    trpc.decision.list.queryOptions({ partnershipId, workstreamId, limit: SHOWN }),
  )
  return (
    <div className="grid-2">
      <section className="card" aria-labelledby="ws-proposals">
        <h2 id="ws-proposals">{t('workstreams.proposals')}</h2>
        {proposals.isError ? (
          <ErrorState error={proposals.error} onRetry={() => void proposals.refetch()} />
        ) : !proposals.data ? (
          <Skeleton lines={4} />
        ) : proposals.data.items.length === 0 ? (
          <EmptyState>{t('workstreams.noProposals')}</EmptyState>
        ) : (
          <ul className="link-list">
            {proposals.data.items.map((p) => (
              <li key={p.id}>
                <Link to={`/proposals/${p.id}`}>
                  <span className="code">{p.code}</span> {p.title}
                </Link>{' '}
                <StateBadge state={p.state} />{' '}
                <DecideBy decideBy={p.decideBy} overdue={p.overdue} />
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to={`/proposals?workstreamId=${workstreamId}`}>
            {t('workstreams.allProposals')}
          </Link>
        </p>
      </section>
      <section className="card" aria-labelledby="ws-decisions">
        <h2 id="ws-decisions">{t('workstreams.decisions')}</h2>
        {decisions.isError ? (
          <ErrorState error={decisions.error} onRetry={() => void decisions.refetch()} />
        ) : !decisions.data ? (
          <Skeleton lines={4} />
        ) : decisions.data.items.length === 0 ? (
          <EmptyState>{t('workstreams.noDecisions')}</EmptyState>
        ) : (
          <ul className="link-list">
            {decisions.data.items.map((d) => (
              <li key={d.id}>
                <Link to={`/decisions/${d.id}`}>
                  <span className="code">{d.code}</span> {d.title}
                </Link>{' '}
                <DecisionStatus status={d.status} />
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to={`/decisions?workstream=${workstreamId}`}>{t('workstreams.allDecisions')}</Link>
        </p>
      </section>
    </div>
  )
}
