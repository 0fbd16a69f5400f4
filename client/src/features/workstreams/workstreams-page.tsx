import { useQuery } from '@tanstack/react-query'
import { DELEGATOR_ROLES } from '../../../../shared/delegation'
import { useI18n } from '../../i18n'
import { usePartnership } from '../../partnership'
import { Link } from '../../router'
import { useTRPC } from '../../trpc'
import { Page } from '../../ui/page'
import { EmptyState, ErrorState, Skeleton } from '../../ui/states'
import { DelegationsSection } from '../people/delegations'
import { RosterSection } from '../people/roster'
import { PeopleByParty, StatusBadge } from './people'
import './workstreams.css'
import { LocalText } from '../../ui/local-text'

export function WorkstreamsPage() {
  const { t } = useI18n()
  const trpc = useTRPC()
  const { current } = usePartnership()
  const list = useQuery({
    ...trpc.workstream.list.queryOptions({ partnershipId: current?.id ?? '' }),
    enabled: Boolean(current),
  })

  return (
    <Page title={t('workstreams.title')} lead={t('workstreams.intro')}>
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data ? (
        <Skeleton lines={8} />
      ) : list.data.length === 0 ? (
        <EmptyState>{t('workstreams.empty')}</EmptyState>
      ) : (
        <ul className="card-list">
          {list.data.map((ws) => (
            <li key={ws.id} className="card workstream-card">
              <div className="card-head">
                <span className="code">{ws.code}</span>
                <h2>
                  <Link to={`/workstreams/${ws.id}`}>
                    <LocalText en={ws.name} ja={ws.nameJa} />
                  </Link>
                </h2>
                <StatusBadge status={ws.status} />
              </div>
              <LocalText as="p" className="clamp" en={ws.description} ja={ws.descriptionJa} />
              <h3 className="label">{t('workstreams.leads')}</h3>
              <PeopleByParty
                people={ws.leads}
                parties={current?.parties ?? []}
                empty={t('workstreams.noLead')}
                compact
              />
            </li>
          ))}
        </ul>
      )}
      {/* Who may sign and review for each party, and who granted it: a surprise signer shows. */}
      {current ? <RosterSection partnershipId={current.id} /> : null}
      {current ? (
        <DelegationsSection
          partnershipId={current.id}
          canDelegate={current.myRoles.some((r) => DELEGATOR_ROLES.includes(r))}
        />
      ) : null}
    </Page>
  )
}
