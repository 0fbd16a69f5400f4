import { useQuery } from '@tanstack/react-query'
import { useI18n } from '../../i18n'
import { usePartnership, usePartyLabel } from '../../partnership'
import { Link } from '../../router'
import { isApiError, useTRPC } from '../../trpc'
import { useFormatDay } from '../../ui/day'
import { LocalText } from '../../ui/local-text'
import { Page } from '../../ui/page'
import { ErrorState, Skeleton } from '../../ui/states'
import { DecisionFinality } from './decision-finality'
import { CharterLinks, DecisionStatus, SignoffList } from './decision-parts'
import {
  DecidedText,
  DecisionRefs,
  RecordActions,
  RecordConcerns,
  RecordReviews,
  StaleSignoffs,
} from './decision-record'

export function DecisionPage({ decisionId }: { decisionId: string }) {
  const { t, formatDateTime } = useI18n()
  const formatDay = useFormatDay()
  const trpc = useTRPC()
  const { partnerships } = usePartnership()
  const partyLabel = usePartyLabel()
  const decision = useQuery(trpc.decision.get.queryOptions({ decisionId }))
  const parties = partnerships.find((p) => p.id === decision.data?.partnershipId)?.parties ?? []
  // Only an amendment's record needs the charter: to name the items its changes touch.
  const charter = useQuery(
    trpc.charter.get.queryOptions(
      { partnershipId: decision.data?.partnershipId ?? '' },
      { enabled: decision.data?.type === 'amendment' },
    ),
  )

  const back = (
    <p className="back-link">
      <Link to="/decisions">← {t('decisions.back')}</Link>
    </p>
  )
  if (decision.isError) {
    const notFound =
      isApiError(decision.error) &&
      (decision.error.data?.code === 'NOT_FOUND' || decision.error.data?.code === 'BAD_REQUEST')
    return (
      <Page title={notFound ? t('error.notFound.title') : t('decisions.title')}>
        {back}
        {notFound ? (
          <p>{t('decisions.notFound')}</p>
        ) : (
          <ErrorState error={decision.error} onRetry={() => void decision.refetch()} />
        )}
      </Page>
    )
  }
  if (!decision.data) {
    return (
      <Page title={t('decisions.title')}>
        {back}
        <Skeleton lines={10} />
      </Page>
    )
  }
  const d = decision.data
  const { record } = d
  return (
    <Page
      title={`${d.code} · ${d.title}`}
      lead={
        <>
          <DecisionStatus status={d.status} />{' '}
          {d.type === 'amendment' ? (
            <span className="badge badge-neutral">{t('decisions.type.amendment')}</span>
          ) : null}{' '}
          <span className="muted">
            {t('decisions.effective', { date: formatDay(d.effectiveDate) })}
          </span>
        </>
      }
      actions={<RecordActions decisionId={d.id} />}
    >
      {back}
      <div className="decision-record">
        {d.supersededBy ? (
          <p className="notice notice-warning">
            {t('decisions.supersededNotice')}{' '}
            <Link to={`/decisions/${d.supersededBy.id}`}>{d.supersededBy.code}</Link>
          </p>
        ) : null}
        <DecidedText decision={d} charter={charter.data} />
        <div className="grid-2">
          <section className="card" aria-labelledby="decision-facts">
            <h2 id="decision-facts">{t('decisions.facts')}</h2>
            <dl className="facts">
              <dt>{t('decisions.field.status')}</dt>
              <dd>
                <DecisionStatus status={d.status} />
              </dd>
              <dt>{t('decisions.field.proposal')}</dt>
              <dd>
                <Link to={`/proposals/${d.proposal.id}`}>{d.proposal.code}</Link>
              </dd>
              <dt>{t('decisions.field.author')}</dt>
              <dd>
                {record.author.name} ({partyLabel(record.author.party)})
              </dd>
              <dt>{t('decisions.field.revision')}</dt>
              <dd>
                {t('decisions.revision', { revision: d.revision })}{' '}
                <span className="muted">
                  {t('decisions.record.ofRevisions', { count: record.revisions.length })}
                </span>
              </dd>
              <dt>{t('decisions.field.charter')}</dt>
              <dd>
                {record.charter ? (
                  <>
                    {t('charter.version', { version: record.charter.version })}
                    {record.charter.summary ? (
                      <span className="muted"> · {record.charter.summary}</span>
                    ) : null}
                  </>
                ) : (
                  <span className="muted">{t('common.none')}</span>
                )}
              </dd>
              <dt>{t('decisions.field.workstream')}</dt>
              <dd>
                {d.workstream ? (
                  <Link to={`/workstreams/${d.workstream.id}`}>
                    {d.workstream.code}{' '}
                    <LocalText en={d.workstream.name} ja={d.workstream.nameJa} />
                  </Link>
                ) : (
                  <span className="muted">{t('common.none')}</span>
                )}
              </dd>
              <dt>{t('decisions.field.submitted')}</dt>
              <dd>{d.submittedAt ? formatDateTime(d.submittedAt) : '—'}</dd>
              <dt>{t('decisions.field.decided')}</dt>
              <dd>{formatDateTime(d.createdAt)}</dd>
              <dt>{t('decisions.field.supersedes')}</dt>
              <dd>
                <DecisionRefs refs={d.supersedes} />
              </dd>
              <dt>{t('decisions.field.supersededBy')}</dt>
              <dd>
                <DecisionRefs refs={d.supersededBy ? [d.supersededBy] : []} />
              </dd>
            </dl>
            <h3 className="label">{t('decisions.charterLinks')}</h3>
            <CharterLinks items={d.charterItems} />
          </section>
          <section className="card" aria-labelledby="decision-signoffs">
            <h2 id="decision-signoffs">{t('decisions.signoffs')}</h2>
            <p className="field-help">{t('decisions.record.signoffsHelp', { n: d.revision })}</p>
            {d.neededPartnershipLeads ? (
              <p className="muted">{t('decisions.neededLeads')}</p>
            ) : null}
            <SignoffList decision={d} parties={parties} detailed />
            <StaleSignoffs record={record} />
          </section>
        </div>
        <DecisionFinality decisionId={d.id} />
        <RecordReviews record={record} />
        <RecordConcerns record={record} />
      </div>
    </Page>
  )
}
