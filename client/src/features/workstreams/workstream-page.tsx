import { useQuery } from '@tanstack/react-query'
import { useI18n } from '../../i18n'
import { usePartnership } from '../../partnership'
import { Link } from '../../router'
import { isApiError, useTRPC } from '../../trpc'
import { Page } from '../../ui/page'
import { ErrorState, Skeleton } from '../../ui/states'
import { PeopleByParty, StatusBadge, type Workstream } from './people'
import { WorkstreamWork } from './workstream-work'
import './workstreams.css'
import { inLanguage } from '../../../../shared/charter'
import { LocalText } from '../../ui/local-text'

function Linked({ title, items }: { title: string; items: Workstream['areas'] }) {
  const { t } = useI18n()
  return (
    <div className="linked-group">
      <h3 className="label">{title}</h3>
      {items.length === 0 ? (
        <p className="muted">{t('workstreams.noneLinked')}</p>
      ) : (
        <ul className="link-list">
          {items.map((item) => (
            <li key={item.id}>
              <Link to={`/charter#${item.code}`}>
                <span className="code">{item.code}</span>{' '}
                <LocalText en={item.title} ja={item.titleJa} />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

export function WorkstreamPage({ workstreamId }: { workstreamId: string }) {
  const { t, lang, formatDate } = useI18n()
  const trpc = useTRPC()
  const { partnerships } = usePartnership()
  const ws = useQuery(trpc.workstream.get.queryOptions({ workstreamId }))
  const parties = partnerships.find((p) => p.id === ws.data?.partnershipId)?.parties ?? []

  const back = (
    <p className="back-link">
      <Link to="/workstreams">← {t('workstreams.back')}</Link>
    </p>
  )

  if (ws.isError) {
    const notFound =
      isApiError(ws.error) &&
      (ws.error.data?.code === 'NOT_FOUND' || ws.error.data?.code === 'BAD_REQUEST')
    return (
      <Page title={notFound ? t('error.notFound.title') : t('workstreams.title')}>
        {back}
        {notFound ? (
          <p>{t('workstreams.notFound')}</p>
        ) : (
          <ErrorState error={ws.error} onRetry={() => void ws.refetch()} />
        )}
      </Page>
    )
  }
  if (!ws.data) {
    return (
      <Page title={t('workstreams.title')}>
        {back}
        <Skeleton lines={10} />
      </Page>
    )
  }
  const w = ws.data
  const name = inLanguage(lang, w.name, w.nameJa)
  return (
    <Page
      title={name.text}
      titleLang={name.lang === lang ? undefined : name.lang}
      lead={
        <>
          <span className="code">{w.code}</span> <StatusBadge status={w.status} />{' '}
          <span className="muted">
            {t('workstreams.created', { date: formatDate(w.createdAt) })}
          </span>
        </>
      }
    >
      {back}
      <LocalText as="p" className="prose" en={w.description} ja={w.descriptionJa} />
      <div className="grid-2">
        <section className="card" aria-labelledby="ws-people">
          <h2 id="ws-people">{t('workstreams.people')}</h2>
          <h3 className="label">{t('workstreams.leads')}</h3>
          <PeopleByParty people={w.leads} parties={parties} empty={t('workstreams.noLead')} />
          <h3 className="label">{t('workstreams.members')}</h3>
          <PeopleByParty people={w.members} parties={parties} empty={t('workstreams.noMembers')} />
        </section>
        <section className="card" aria-labelledby="ws-linked">
          <h2 id="ws-linked">{t('workstreams.linked')}</h2>
          <Linked title={t('workstreams.areas')} items={w.areas} />
          <Linked title={t('workstreams.markets')} items={w.markets} />
          <Linked title={t('workstreams.objectives')} items={w.objectives} />
        </section>
      </div>
      <WorkstreamWork partnershipId={w.partnershipId} workstreamId={w.id} />
    </Page>
  )
}
