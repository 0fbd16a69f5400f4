/**
 * Search results across proposals, decisions, comments and the charter (search.query): ranked by
 * the server, the matched words marked, "load more" pages on with its cursor. A query that is
 * exactly a code the person may open goes straight to it.
 */
import { useInfiniteQuery } from '@tanstack/react-query'
import { useEffect } from 'react'
import { useI18n } from '../../i18n'
import { usePartnership } from '../../partnership'
import { Link, navigate, useLocation } from '../../router'
import { type RouterOutputs, useTRPC } from '../../trpc'
import { LoadMore } from '../../ui/load-more'
import { Page } from '../../ui/page'
import { StateBadge } from '../../ui/state-badge'
import { EmptyState, ErrorState, Skeleton, StatusMessage } from '../../ui/states'
import { Highlighted } from './highlighted'
import { pathOf } from './paths'
import './search.css'

type Hit = RouterOutputs['search']['query']['hits'][number]

export function SearchPage() {
  const { t } = useI18n()
  const { search } = useLocation()
  const { current, isPending } = usePartnership()
  const query = (search.get('q') ?? '').trim()
  return (
    <Page
      title={query ? t('search.titleFor', { query }) : t('search.title')}
      lead={t('search.intro')}
    >
      {isPending ? (
        <Skeleton lines={6} />
      ) : !current ? (
        <EmptyState>{t('home.noPartnership')}</EmptyState>
      ) : !query ? (
        <EmptyState>{t('search.prompt')}</EmptyState>
      ) : (
        <Results key={`${current.id} ${query}`} partnershipId={current.id} query={query} />
      )}
    </Page>
  )
}

function Results({ partnershipId, query }: { partnershipId: string; query: string }) {
  const { t, plural } = useI18n()
  const trpc = useTRPC()
  const results = useInfiniteQuery(
    trpc.search.query.infiniteQueryOptions(
      { partnershipId, query: query.slice(0, 200), limit: 20 },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  )
  const jump = results.data?.pages[0]?.jump ?? null
  useEffect(() => {
    // The query names one thing: open it, leaving the search out of the history.
    if (jump) navigate(pathOf(jump.kind, jump.code), { replace: true })
  }, [jump])

  if (results.isPending) return <Skeleton lines={6} />
  if (results.error) {
    return <ErrorState error={results.error} onRetry={() => void results.refetch()} />
  }
  if (jump) return <StatusMessage>{t('search.opening', { code: jump.code })}</StatusMessage>
  const hits = results.data.pages.flatMap((p) => p.hits)
  return (
    <section aria-labelledby="search-results-heading" aria-busy={results.isFetching}>
      <h2 id="search-results-heading" className="visually-hidden">
        {t('search.results')}
      </h2>
      <p className="meta results-count" role="status">
        {hits.length === 0 ? '' : plural('search.shown', hits.length)}
      </p>
      {hits.length === 0 ? (
        <EmptyState>{t('search.empty', { query })}</EmptyState>
      ) : (
        <ol className="search-results">
          {hits.map((hit) => (
            <SearchHitRow key={`${hit.kind}:${hit.id}`} hit={hit} />
          ))}
        </ol>
      )}
      {results.hasNextPage ? (
        <div className="list-footer">
          <LoadMore query={results} />
        </div>
      ) : null}
    </section>
  )
}

function hrefOf(hit: Hit): string {
  switch (hit.kind) {
    case 'proposal':
      return pathOf('proposal', hit.code ?? hit.id)
    case 'comment':
      // Straight to the comment, in the proposal page's discussion.
      return `${pathOf('proposal', hit.code ?? hit.proposalId ?? '')}?tab=discussion#comment-${hit.id}`
    case 'decision':
      return pathOf('decision', hit.code ?? hit.id)
    case 'charter_item':
      return pathOf('charter_item', hit.code ?? hit.id)
  }
}

/** A charter item's title in the reader's language where it was written in it (ADR 0023). */
function titleOf(hit: Hit, lang: 'en' | 'ja') {
  if (hit.kind !== 'charter_item') return { segments: hit.title, lang: undefined }
  const hasEnglish = hit.title.some((s) => s.text !== '')
  const ja = hit.titleJa && (lang === 'ja' || !hasEnglish) ? hit.titleJa : null
  const shown: 'en' | 'ja' = ja ? 'ja' : 'en'
  return { segments: ja ?? hit.title, lang: shown === lang ? undefined : shown }
}

function SearchHitRow({ hit }: { hit: Hit }) {
  const { t, lang } = useI18n()
  const onProposal = hit.kind === 'proposal' || hit.kind === 'comment'
  const title = titleOf(hit, lang)
  return (
    <li className="search-hit" data-kind={hit.kind} data-code={hit.code ?? undefined}>
      <p className="search-hit-title">
        {hit.code ? <span className="code">{hit.code}</span> : null}{' '}
        <Link to={hrefOf(hit)} lang={title.lang}>
          <Highlighted segments={title.segments} />
        </Link>
        {title.lang ? (
          <>
            {' '}
            <small className="lang-mark">{t(`localText.${title.lang}`)}</small>
          </>
        ) : null}
      </p>
      <p className="meta search-hit-meta">
        <span className="badge search-kind">
          {hit.kind === 'comment' && hit.code
            ? t('search.commentOn', { code: hit.code })
            : t(`search.kind.${hit.kind}`)}
        </span>
        {onProposal && hit.state ? <StateBadge state={hit.state} /> : null}
        {hit.kind === 'decision' && (hit.state === 'active' || hit.state === 'superseded') ? (
          <span className="badge">{t(`decisions.status.${hit.state}`)}</span>
        ) : null}
        {hit.internal ? <span className="badge badge-internal">{t('search.internal')}</span> : null}
      </p>
      {hit.snippet.length > 0 ? (
        <p className="search-hit-snippet">
          <Highlighted segments={hit.snippet} />
        </p>
      ) : null}
    </li>
  )
}
