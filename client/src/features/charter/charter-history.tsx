import { useQuery } from '@tanstack/react-query'
import { useI18n } from '../../i18n'
import { Link } from '../../router'
import { useTRPC } from '../../trpc'
import { ErrorState, Skeleton } from '../../ui/states'
import './charter.css'
import { LocalText } from '../../ui/local-text'

interface Fields {
  code?: string
  kind?: string
  title?: string
  statement?: string
  /** absent in changes applied before migration 0014 (ADR 0023) */
  titleJa?: string | null
  statementJa?: string | null
  status?: string
  screeningTerms?: { en?: string[]; ja?: string[] }
}

/** One entry of charter_versions.changes as the amendment applied it (server/domain/decisions.ts). */
interface Change {
  op: 'add' | 'change' | 'retire'
  itemId?: string
  code?: string
  before?: Fields
  after?: Fields
}

function terms(f: Fields | undefined): string {
  const t = f?.screeningTerms
  return [...(t?.en ?? []), ...(t?.ja ?? [])].join(', ')
}

function FieldChanges({ before, after }: { before?: Fields; after?: Fields }) {
  const { t } = useI18n()
  const rows = (
    [
      ['title', before?.title, after?.title, 'en'],
      ['titleJa', before?.titleJa, after?.titleJa, 'ja'],
      ['statement', before?.statement, after?.statement, 'en'],
      ['statementJa', before?.statementJa, after?.statementJa, 'ja'],
      ['terms', terms(before), terms(after), undefined],
      ['status', before?.status, after?.status, undefined],
    ] as const
  ).filter(([, a, b]) => (a ?? '') !== (b ?? ''))
  if (rows.length === 0) return null
  return (
    <dl className="history-fields">
      {rows.map(([field, a, b, lang]) => (
        <div key={field} className="history-field">
          <dt>{t(`charter.history.field.${field}`)}</dt>
          <dd>
            {a ? <del lang={lang}>{a}</del> : <span className="muted">—</span>}
            <span className="diff-arrow" aria-hidden="true">
              {' '}
              →{' '}
            </span>
            <span className="visually-hidden">{t('charter.history.becomes')}</span>
            {b ? <ins lang={lang}>{b}</ins> : <span className="muted">—</span>}
          </dd>
        </div>
      ))}
    </dl>
  )
}

function ChangeItem({ change }: { change: Change }) {
  const { t } = useI18n()
  const code = change.after?.code ?? change.code ?? ''
  const shown = change.after ?? change.before
  const label =
    change.op === 'add'
      ? t('charter.history.added')
      : change.op === 'retire'
        ? t('charter.history.retired')
        : t('charter.history.changed')
  return (
    <li className={`history-change history-change-${change.op}`}>
      <span className={`badge badge-change-${change.op}`}>{label}</span>{' '}
      {code ? (
        <a href={`#${code}`} className="code">
          {code}
        </a>
      ) : null}{' '}
      <LocalText en={shown?.title} ja={shown?.titleJa} />
      {change.op === 'add' && (change.after?.statement || change.after?.statementJa) ? (
        <p className="history-statement">
          <LocalText as="ins" en={change.after.statement} ja={change.after.statementJa} />
        </p>
      ) : null}
      {change.op !== 'add' ? <FieldChanges before={change.before} after={change.after} /> : null}
    </li>
  )
}

export function CharterHistory({ partnershipId }: { partnershipId: string }) {
  const { t, formatDateTime } = useI18n()
  const trpc = useTRPC()
  const history = useQuery(trpc.charter.history.queryOptions({ partnershipId }))
  return (
    <section className="charter-section" aria-labelledby="charter-history">
      <h2 id="charter-history">{t('charter.history.title')}</h2>
      <p className="section-help">{t('charter.history.help')}</p>
      {history.isError ? (
        <ErrorState error={history.error} onRetry={() => void history.refetch()} />
      ) : !history.data ? (
        <Skeleton lines={4} />
      ) : (
        <ol className="history-list">
          {history.data.map((v) => {
            const changes = v.changes as Change[]
            const initial = v.decision === null
            return (
              <li key={v.version} className="history-version card">
                <div className="history-head">
                  <h3>{t('charter.version', { version: v.version })}</h3>
                  <time dateTime={v.createdAt} className="muted">
                    {formatDateTime(v.createdAt)}
                  </time>
                  {v.decision ? (
                    <span className="history-by">
                      {t('charter.history.by')}{' '}
                      <Link to={`/decisions/${v.decision.id}`}>{v.decision.code}</Link>
                      {v.proposal ? (
                        <>
                          {' '}
                          (<Link to={`/proposals/${v.proposal.id}`}>{v.proposal.code}</Link>)
                        </>
                      ) : null}
                    </span>
                  ) : (
                    <span className="history-by muted">{t('charter.history.initial')}</span>
                  )}
                </div>
                <p>{v.summary}</p>
                {initial ? (
                  <p className="muted">
                    {t('charter.history.initialItems', { count: changes.length })}{' '}
                    {changes
                      .map((c) => c.code)
                      .filter(Boolean)
                      .join(', ')}
                  </p>
                ) : (
                  <ul className="history-changes">
                    {changes.map((c, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: an amendment's changes keep their order
                      <ChangeItem key={i} change={c} />
                    ))}
                  </ul>
                )}
              </li>
            )
          })}
        </ol>
      )}
    </section>
  )
}
