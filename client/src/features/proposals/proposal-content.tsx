/** The current revision's content: body, facts, charter links, impact statements, amendment. */
import { useMemo } from 'react'
import { useI18n } from '../../i18n'
import { Link } from '../../router'
import { useFormatDay } from '../../ui/day'
import { LocalText } from '../../ui/local-text'
import { Markdown } from '../../ui/markdown'
import { EmptyState, Skeleton } from '../../ui/states'
import { AmendmentSummary, itemsById } from './amendment-summary'
import type { SectionProps } from './types'

export function ProposalContent({ view, charter }: SectionProps) {
  const { t } = useI18n()
  const formatDay = useFormatDay()
  const r = view.revision
  const byId = useMemo(() => itemsById(charter), [charter])
  const impactItems = charter
    ? [...charter.items.constraint, ...charter.items.stance].filter(
        (i) => i.status === 'active' || r.impacts.some((x) => x.itemId === i.id),
      )
    : []
  return (
    <section className="card" aria-labelledby="content-heading">
      <h2 id="content-heading">{t('proposal.content', { n: r.number })}</h2>
      {r.body.trim() ? (
        <div className="proposal-body">
          <Markdown source={r.body} />
        </div>
      ) : (
        <EmptyState>{t('proposal.noBody')}</EmptyState>
      )}
      <dl className="facts facts-top">
        <dt>{t('proposal.workstream')}</dt>
        <dd>
          {view.workstream ? (
            <Link to={`/workstreams/${view.workstream.id}`}>
              <span className="code">{view.workstream.code}</span>{' '}
              <LocalText en={view.workstream.name} ja={view.workstream.nameJa} />
            </Link>
          ) : (
            <span className="muted">{t('proposal.noWorkstream')}</span>
          )}
        </dd>
        <dt>{t('proposal.decideBy')}</dt>
        <dd>{r.decideBy ? formatDay(r.decideBy) : t('proposal.decideBy.none')}</dd>
        <dt>{t('proposal.policy')}</dt>
        <dd>{t('proposal.policyValue', { n: view.policy.reviewsPerParty[view.type] })}</dd>
        {view.charterVersion ? (
          <>
            <dt>{t('proposal.charterVersion')}</dt>
            <dd>{t('charter.version', { version: view.charterVersion })}</dd>
          </>
        ) : null}
      </dl>

      <h3 className="label">{t('proposal.charterLinks')}</h3>
      {view.charterItems.length === 0 ? (
        <p className="muted">{t('proposal.noLinks')}</p>
      ) : (
        <ul className="tag-list">
          {view.charterItems.map((item) => (
            <li key={item.id}>
              <Link to={`/charter#${item.code}`} className="chip chip-link">
                <span className="code">{item.code}</span>{' '}
                <LocalText en={item.title} ja={item.titleJa} />
              </Link>
            </li>
          ))}
        </ul>
      )}

      <h3 className="label">{t('proposal.impacts')}</h3>
      {!charter ? (
        <Skeleton lines={2} />
      ) : (
        <ul className="impact-summary">
          {impactItems.map((item) => {
            const statement = r.impacts.find((x) => x.itemId === item.id)
            return (
              <li key={item.id} className={`impact-summary-row impact-row-${item.kind}`}>
                <span className={`badge badge-${item.kind}`}>
                  {item.kind === 'constraint'
                    ? t('charter.badge.constraint')
                    : t('charter.badge.stance')}
                </span>{' '}
                <span className="code">{item.code}</span>{' '}
                <LocalText en={item.title} ja={item.titleJa} />:{' '}
                <strong
                  className={statement?.impact === 'touches' ? 'impact-touches' : 'impact-none'}
                >
                  {statement
                    ? t(`editor.impact.${statement.impact}`)
                    : t('proposal.impactNotStated')}
                </strong>
                {statement?.impact === 'touches' && statement.explanation ? (
                  <p className="impact-explanation pre-wrap">{statement.explanation}</p>
                ) : null}
                {statement?.impact === 'none' && statement.explanation ? (
                  <p className="impact-explanation pre-wrap">
                    <strong>{t('proposal.whyNone', { code: item.code })}</strong>{' '}
                    {statement.explanation}
                  </p>
                ) : null}
              </li>
            )
          })}
        </ul>
      )}

      {view.supersedes.length > 0 ? (
        <>
          <h3 className="label">{t('proposal.supersedes')}</h3>
          <ul className="tag-list">
            {view.supersedes.map((d) => (
              <li key={d.id}>
                <Link to={`/decisions/${d.id}`} className="chip chip-link">
                  <span className="code">{d.code}</span> {d.title}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {view.type === 'amendment' ? (
        <>
          <h3 className="label">{t('proposal.amendment')}</h3>
          {r.amendment?.changes.length ? (
            <AmendmentSummary changes={r.amendment.changes} byId={byId} />
          ) : (
            <p className="muted">{t('editor.noChanges')}</p>
          )}
        </>
      ) : null}
    </section>
  )
}
