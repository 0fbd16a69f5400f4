/**
 * The proposals list: filters (state, workstream, party, author, overdue) and text search, kept
 * in the address so a filtered list can be shared and survives a reload; "load more" pages on.
 */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { useDeferredValue, useEffect, useId, useMemo, useState } from 'react'
import { mayFile, PROPOSAL_STATES, type ProposalState } from '../../../../shared/lifecycle'
import { useMe } from '../../auth'
import { useI18n } from '../../i18n'
import { usePartnership, usePartyLabel } from '../../partnership'
import { Link, navigate, useLocation } from '../../router'
import { useTRPC } from '../../trpc'
import { DecideBy } from '../../ui/decide-by'
import { codeOptions, SelectField } from '../../ui/fields'
import { LoadMore } from '../../ui/load-more'
import { Page } from '../../ui/page'
import { StateBadge } from '../../ui/state-badge'
import { EmptyState, ErrorState, Skeleton } from '../../ui/states'
import { ChangedMark } from './since-last-visit'
import type { ProposalListItem } from './types'
import './proposals.css'
import { LocalText } from '../../ui/local-text'

interface Filters {
  state: string
  workstreamId: string
  party: string
  authorId: string
  overdue: boolean
  query: string
}

const FILTER_KEYS = ['state', 'workstreamId', 'party', 'authorId', 'query'] as const

function filtersFrom(search: URLSearchParams): Filters {
  return {
    state: search.get('state') ?? '',
    workstreamId: search.get('workstreamId') ?? '',
    party: search.get('party') ?? '',
    authorId: search.get('authorId') ?? '',
    overdue: search.get('overdue') === '1',
    query: search.get('query') ?? '',
  }
}

function searchOf(filters: Filters): string {
  const params = new URLSearchParams()
  for (const key of FILTER_KEYS) if (filters[key]) params.set(key, filters[key])
  if (filters.overdue) params.set('overdue', '1')
  const text = params.toString()
  return text ? `?${text}` : ''
}

export function ProposalsPage() {
  const { t } = useI18n()
  const me = useMe()
  const location = useLocation()
  const { current, roles, isPending } = usePartnership()
  const [filters, setFilters] = useState<Filters>(() => filtersFrom(location.search))
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) =>
    setFilters((f) => ({ ...f, [key]: value }))

  useEffect(() => {
    navigate(`/proposals${searchOf(filters)}`, { replace: true })
  }, [filters])

  return (
    <Page
      title={t('proposals.title')}
      lead={t('proposals.intro')}
      actions={
        current && mayFile(roles, me.partyCode) ? (
          <Link to="/proposals/new" className="button button-primary">
            {t('proposals.new')}
          </Link>
        ) : undefined
      }
    >
      {isPending ? (
        <Skeleton lines={6} />
      ) : !current ? (
        <EmptyState>{t('home.noPartnership')}</EmptyState>
      ) : (
        <>
          <FilterBar partnershipId={current.id} filters={filters} set={set} />
          <Results partnershipId={current.id} filters={filters} />
        </>
      )}
    </Page>
  )
}

function FilterBar({
  partnershipId,
  filters,
  set,
}: {
  partnershipId: string
  filters: Filters
  set: <K extends keyof Filters>(key: K, value: Filters[K]) => void
}) {
  const { t, lang } = useI18n()
  const me = useMe()
  const trpc = useTRPC()
  const partyLabel = usePartyLabel()
  const { current } = usePartnership()
  const workstreams = useQuery(trpc.workstream.list.queryOptions({ partnershipId }))
  const id = useId()
  // Authors to choose from: the people of the workstreams (no procedure lists every member).
  const people = useMemo(() => {
    const map = new Map<string, { id: string; name: string; partyCode: string | null }>()
    map.set(me.id, { id: me.id, name: me.name, partyCode: me.partyCode })
    for (const w of workstreams.data ?? [])
      for (const p of [...w.leads, ...w.members]) if (!map.has(p.id)) map.set(p.id, p)
    return [...map.values()].sort((a, b) => a.name.localeCompare(b.name))
  }, [workstreams.data, me])
  return (
    <search className="filters card" aria-label={t('proposals.filters')}>
      <div className="filter-grid">
        <div className="field filter-query">
          <label htmlFor={`${id}-q`}>{t('proposals.search')}</label>
          <input
            id={`${id}-q`}
            type="search"
            value={filters.query}
            maxLength={200}
            onChange={(e) => set('query', e.target.value)}
          />
        </div>
        <SelectField
          label={t('proposal.state')}
          value={filters.state}
          onChange={(value) => set('state', value)}
          empty={t('proposals.any')}
          options={PROPOSAL_STATES.map((s) => ({ value: s, label: t(`proposal.state.${s}`) }))}
        />
        <SelectField
          label={t('proposal.workstream')}
          value={filters.workstreamId}
          onChange={(value) => set('workstreamId', value)}
          empty={t('proposals.any')}
          options={codeOptions(workstreams.data ?? [], lang)}
        />
        <SelectField
          label={t('proposals.party')}
          value={filters.party}
          onChange={(value) => set('party', value)}
          empty={t('proposals.any')}
          options={(current?.parties ?? []).map((p) => ({
            value: p.code,
            label: partyLabel(p.code),
          }))}
        />
        <SelectField
          label={t('proposals.author')}
          value={filters.authorId}
          onChange={(value) => set('authorId', value)}
          empty={t('proposals.any')}
          options={people.map((p) => ({
            value: p.id,
            label: p.id === me.id ? t('proposals.me', { name: p.name }) : p.name,
          }))}
        />
        <label className="checkbox filter-overdue">
          <input
            type="checkbox"
            checked={filters.overdue}
            onChange={(e) => set('overdue', e.target.checked)}
          />
          {t('proposals.overdueOnly')}
        </label>
      </div>
    </search>
  )
}

function Results({ partnershipId, filters }: { partnershipId: string; filters: Filters }) {
  const { t, formatNumber } = useI18n()
  const trpc = useTRPC()
  // The search waits for a pause in typing instead of asking on every key.
  const deferredQuery = useDeferredValue(filters.query)
  const [query, setQuery] = useState(filters.query)
  useEffect(() => {
    const timer = setTimeout(() => setQuery(deferredQuery.trim()), 250)
    return () => clearTimeout(timer)
  }, [deferredQuery])
  const list = useInfiniteQuery(
    trpc.proposal.list.infiniteQueryOptions(
      {
        partnershipId,
        limit: 25,
        state: (filters.state || null) as ProposalState | null,
        workstreamId: filters.workstreamId || null,
        party: filters.party || null,
        authorId: filters.authorId || null,
        overdue: filters.overdue || null,
        query: query || null,
      },
      { getNextPageParam: (last) => last.nextCursor, placeholderData: (previous) => previous },
    ),
  )
  const items = list.data?.pages.flatMap((p) => p.items) ?? []
  if (list.isPending) return <Skeleton lines={6} />
  if (list.error) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />
  return (
    <section aria-labelledby="results-heading" aria-busy={list.isFetching}>
      <h2 id="results-heading" className="visually-hidden">
        {t('proposals.results')}
      </h2>
      <p className="meta results-count" role="status">
        {t('proposals.shown', { count: formatNumber(items.length) })}
        {list.hasNextPage ? ` ${t('proposals.more')}` : ''}
      </p>
      {items.length === 0 ? (
        <EmptyState>{t('proposals.empty')}</EmptyState>
      ) : (
        <ul className="proposal-list">
          {items.map((p) => (
            <ProposalRow key={p.id} proposal={p} />
          ))}
        </ul>
      )}
      {list.hasNextPage ? (
        <div className="list-footer">
          <LoadMore query={list} />
        </div>
      ) : null}
    </section>
  )
}

function ProposalRow({ proposal: p }: { proposal: ProposalListItem }) {
  const { t } = useI18n()
  const partyLabel = usePartyLabel()
  return (
    <li className="proposal-row" data-code={p.code}>
      <div className="proposal-row-main">
        <p className="proposal-row-title">
          <span className="code">{p.code}</span> <Link to={`/proposals/${p.id}`}>{p.title}</Link>
        </p>
        <p className="meta">
          {t(`proposal.type.${p.type}`)} ·{' '}
          {p.workstream ? (
            <>
              {p.workstream.code} <LocalText en={p.workstream.name} ja={p.workstream.nameJa} />
            </>
          ) : (
            t('proposal.noWorkstream')
          )}{' '}
          · {t('proposal.byAuthor', { name: p.author.name, party: partyLabel(p.authorParty) })}
        </p>
      </div>
      <div className="proposal-row-side">
        <StateBadge state={p.state} />
        {p.needsPartnershipLeads ? (
          <span className="badge badge-leads">{t('proposals.leadsBadge')}</span>
        ) : null}
        <DecideBy decideBy={p.decideBy} overdue={p.overdue} />
        <ChangedMark count={p.changesSinceVisit} />
      </div>
    </li>
  )
}
