import { useQuery } from '@tanstack/react-query'
import { useEffect } from 'react'
import { CHARTER_KINDS, type CharterKind } from '../../../../shared/charter'
import { useI18n } from '../../i18n'
import { usePartnership } from '../../partnership'
import { type RouterOutputs, useTRPC } from '../../trpc'
import { Page } from '../../ui/page'
import { EmptyState, ErrorState, Skeleton } from '../../ui/states'
import { CharterHistory } from './charter-history'
import { LadderSteps } from './ladder-steps'
import './charter.css'
import { LocalText } from '../../ui/local-text'

type CharterItem = RouterOutputs['charter']['get']['items'][CharterKind][number]

/** Kinds that bind decisions carry a visible badge and a distinct frame, never colour alone. */
const BINDING: Partial<Record<CharterKind, 'constraint' | 'stance'>> = {
  constraint: 'constraint',
  stance: 'stance',
}

function ScreeningTerms({ item }: { item: CharterItem }) {
  const { t } = useI18n()
  const { en, ja } = item.screeningTerms
  if (en.length === 0 && ja.length === 0) return null
  return (
    <div className="terms">
      <p className="terms-label">
        {t('charter.terms')} <span className="muted">— {t('charter.terms.help')}</span>
      </p>
      {en.length > 0 ? (
        <div className="terms-row">
          <span className="terms-lang">{t('charter.terms.en')}</span>
          <ul className="chip-list" lang="en">
            {en.map((term) => (
              <li key={term} className="chip">
                {term}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {ja.length > 0 ? (
        <div className="terms-row">
          <span className="terms-lang">{t('charter.terms.ja')}</span>
          <ul className="chip-list" lang="ja">
            {ja.map((term) => (
              <li key={term} className="chip">
                {term}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  )
}

function ItemCard({ item }: { item: CharterItem }) {
  const { t } = useI18n()
  const binding = BINDING[item.kind]
  const retired = item.retiredVersion !== null
  return (
    <li
      className={`charter-item${binding ? ` charter-item-${binding}` : ''}${retired ? ' charter-item-retired' : ''}`}
      id={item.code}
    >
      <div className="charter-item-head">
        <span className="code">{item.code}</span>
        <LocalText as="h3" en={item.title} ja={item.titleJa} />
        {binding ? (
          <span className={`badge badge-${binding}`}>{t(`charter.badge.${binding}`)}</span>
        ) : null}
      </div>
      <LocalText as="p" className="charter-statement" en={item.statement} ja={item.statementJa} />
      <ScreeningTerms item={item} />
      <LadderSteps item={item} />
      <p className="meta">
        {retired
          ? t('charter.retired', { version: item.retiredVersion ?? '' })
          : t('charter.since', { version: item.introducedVersion })}
        {!retired && item.updatedVersion !== item.introducedVersion
          ? ` · ${t('charter.updated', { version: item.updatedVersion })}`
          : ''}
      </p>
    </li>
  )
}

function KindSection({ kind, items }: { kind: CharterKind; items: CharterItem[] }) {
  const { t } = useI18n()
  const active = items.filter((item) => item.retiredVersion === null)
  const retired = items.filter((item) => item.retiredVersion !== null)
  return (
    <section className={`charter-section charter-section-${kind}`} aria-labelledby={`kind-${kind}`}>
      <h2 id={`kind-${kind}`}>{t(`charter.kind.${kind}`)}</h2>
      <p className="section-help">{t(`charter.help.${kind}`)}</p>
      {active.length === 0 ? (
        <EmptyState>{t('charter.empty')}</EmptyState>
      ) : (
        <ul className="charter-list">
          {active.map((item) => (
            <ItemCard key={item.id} item={item} />
          ))}
        </ul>
      )}
      {retired.length > 0 ? (
        <details className="retired">
          <summary>
            {t('charter.retiredItems')} ({retired.length})
          </summary>
          <ul className="charter-list">
            {retired.map((item) => (
              <ItemCard key={item.id} item={item} />
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  )
}

export function CharterPage() {
  const { t } = useI18n()
  const trpc = useTRPC()
  const { current } = usePartnership()
  const charter = useQuery({
    ...trpc.charter.get.queryOptions({ partnershipId: current?.id ?? '' }),
    enabled: Boolean(current),
  })
  const loaded = Boolean(charter.data)
  useEffect(() => {
    // A link to one item (/charter#CON-1) lands on it once the charter is there.
    const id = decodeURIComponent(window.location.hash.slice(1))
    if (loaded && id) document.getElementById(id)?.scrollIntoView({ block: 'start' })
  }, [loaded])

  return (
    <Page
      title={t('charter.title')}
      lead={t('charter.intro')}
      actions={
        <span className="badge badge-neutral version-badge">
          {charter.data ? t('charter.version', { version: charter.data.version }) : '\u00a0'}
        </span>
      }
    >
      {charter.isError ? (
        <ErrorState error={charter.error} onRetry={() => void charter.refetch()} />
      ) : !charter.data ? (
        <Skeleton lines={10} />
      ) : (
        <>
          <nav className="toc" aria-label={t('charter.contents')}>
            <ul>
              {CHARTER_KINDS.map((kind) => (
                <li key={kind}>
                  <a href={`#kind-${kind}`}>
                    {t(`charter.kind.${kind}`)} ({charter.data.items[kind].length})
                  </a>
                </li>
              ))}
              <li>
                <a href="#charter-history">{t('charter.history.title')}</a>
              </li>
            </ul>
          </nav>
          {CHARTER_KINDS.map((kind) => (
            <KindSection key={kind} kind={kind} items={charter.data.items[kind]} />
          ))}
          {current ? <CharterHistory partnershipId={current.id} /> : null}
        </>
      )}
    </Page>
  )
}
