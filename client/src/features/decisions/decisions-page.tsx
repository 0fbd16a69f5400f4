import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId } from 'react'
import { CHARTER_KINDS } from '../../../../shared/charter'
import { useI18n } from '../../i18n'
import { usePartnership } from '../../partnership'
import { Link, navigate, useLocation } from '../../router'
import { useTRPC } from '../../trpc'
import { useFormatDay } from '../../ui/day'
import { ExportButtons } from '../../ui/export-buttons'
import { LoadMore } from '../../ui/load-more'
import { Page } from '../../ui/page'
import { EmptyState, ErrorState, Skeleton } from '../../ui/states'
import { CharterLinks, DecisionStatus, SignoffList, Succession } from './decision-parts'
import './decisions.css'
import { LocalText, useLocalText } from '../../ui/local-text'

const PAGE_SIZE = 20
type Status = 'active' | 'superseded'

/** The filters live in the address, so a filtered register can be bookmarked and shared. */
function useFilters() {
  const { search } = useLocation()
  const status = search.get('status')
  const filters = {
    status: status === 'active' || status === 'superseded' ? (status as Status) : null,
    workstreamId: search.get('workstream') || null,
    charterItemId: search.get('item') || null,
  }
  const set = (name: 'status' | 'workstream' | 'item', value: string) => {
    const next = new URLSearchParams(search)
    if (value) next.set(name, value)
    else next.delete(name)
    const query = next.toString()
    navigate(`/decisions${query ? `?${query}` : ''}`, { replace: true })
  }
  return { filters, set }
}

/** Exports what the register shows: the same filters apply. */
function Exports({
  partnershipId,
  filters,
}: {
  partnershipId: string
  filters: { status: Status | null; workstreamId: string | null; charterItemId: string | null }
}) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const fetchFile = async (format: 'csv' | 'json') => {
    const file = await queryClient.fetchQuery({
      ...trpc.decision.export.queryOptions({ partnershipId, format, ...filters }),
      staleTime: 0,
    })
    return { filename: file.filename, contentType: file.contentType, text: file.content }
  }
  return (
    <ExportButtons
      formats={[
        { format: 'csv', label: t('decisions.export.csv') },
        { format: 'json', label: t('decisions.export.json') },
      ]}
      working={t('decisions.export.working')}
      fetchFile={fetchFile}
      done={(file) => t('decisions.export.done', { file: file.filename })}
    />
  )
}

export function DecisionsPage() {
  const { t, formatNumber } = useI18n()
  const local = useLocalText()
  const formatDay = useFormatDay()
  const trpc = useTRPC()
  const { current } = usePartnership()
  const partnershipId = current?.id ?? ''
  const { filters, set } = useFilters()
  const ids = { status: useId(), workstream: useId(), item: useId() }

  const workstreams = useQuery({
    ...trpc.workstream.list.queryOptions({ partnershipId }),
    enabled: Boolean(current),
  })
  const charter = useQuery({
    ...trpc.charter.get.queryOptions({ partnershipId }),
    enabled: Boolean(current),
  })
  const decisions = useInfiniteQuery({
    ...trpc.decision.list.infiniteQueryOptions(
      { partnershipId, limit: PAGE_SIZE, ...filters },
      { getNextPageParam: (last) => last.nextCursor ?? undefined, placeholderData: (p) => p },
    ),
    enabled: Boolean(current),
  })
  const items = decisions.data?.pages.flatMap((page) => page.items) ?? []
  const filtered = Boolean(filters.status || filters.workstreamId || filters.charterItemId)

  return (
    <Page
      title={t('decisions.title')}
      lead={t('decisions.intro')}
      actions={
        current ? (
          <Exports
            partnershipId={current.id}
            filters={{
              status: filters.status,
              workstreamId: filters.workstreamId,
              charterItemId: filters.charterItemId,
            }}
          />
        ) : null
      }
    >
      <form
        className="filter-bar"
        aria-label={t('decisions.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="field">
          <label htmlFor={ids.status}>{t('decisions.filter.status')}</label>
          <select
            id={ids.status}
            value={filters.status ?? ''}
            onChange={(e) => set('status', e.target.value)}
          >
            <option value="">{t('decisions.filter.any')}</option>
            <option value="active">{t('decisions.status.active')}</option>
            <option value="superseded">{t('decisions.status.superseded')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.workstream}>{t('decisions.filter.workstream')}</label>
          <select
            id={ids.workstream}
            value={filters.workstreamId ?? ''}
            onChange={(e) => set('workstream', e.target.value)}
          >
            <option value="">{t('decisions.filter.any')}</option>
            {(workstreams.data ?? []).map((w) => (
              <option key={w.id} value={w.id}>
                {w.code} · {local(w.name, w.nameJa)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.item}>{t('decisions.filter.charterItem')}</label>
          <select
            id={ids.item}
            value={filters.charterItemId ?? ''}
            onChange={(e) => set('item', e.target.value)}
          >
            <option value="">{t('decisions.filter.any')}</option>
            {charter.data
              ? CHARTER_KINDS.map((kind) => (
                  <optgroup key={kind} label={t(`charter.kind.${kind}`)}>
                    {charter.data.items[kind].map((item) => (
                      <option key={item.id} value={item.id}>
                        {item.code} · {local(item.title, item.titleJa)}
                      </option>
                    ))}
                  </optgroup>
                ))
              : null}
          </select>
        </div>
        {filtered ? (
          <button
            type="button"
            className="button button-quiet"
            onClick={() => navigate('/decisions', { replace: true })}
          >
            {t('decisions.filter.clear')}
          </button>
        ) : null}
      </form>

      {decisions.isError ? (
        <ErrorState error={decisions.error} onRetry={() => void decisions.refetch()} />
      ) : !decisions.data ? (
        <Skeleton lines={8} />
      ) : items.length === 0 ? (
        <EmptyState>{filtered ? t('decisions.emptyFiltered') : t('decisions.empty')}</EmptyState>
      ) : (
        <>
          <ol className="decision-list" aria-label={t('decisions.listLabel')}>
            {items.map((d) => (
              <li key={d.id} className={`decision-row decision-row-${d.status}`}>
                <div className="decision-head">
                  <span className="code">{d.code}</span>
                  <h2>
                    <Link to={`/decisions/${d.id}`}>{d.title}</Link>
                  </h2>
                  <DecisionStatus status={d.status} />
                  {d.type === 'amendment' ? (
                    <span className="badge badge-neutral">{t('decisions.type.amendment')}</span>
                  ) : null}
                </div>
                <p className="meta">
                  {t('decisions.effective', { date: formatDay(d.effectiveDate) })} ·{' '}
                  <Link to={`/proposals/${d.proposal.id}`}>
                    {t('decisions.fromProposal', { code: d.proposal.code, revision: d.revision })}
                  </Link>
                  {d.workstream ? (
                    <>
                      {' · '}
                      <Link to={`/workstreams/${d.workstream.id}`}>
                        {d.workstream.code}{' '}
                        <LocalText en={d.workstream.name} ja={d.workstream.nameJa} />
                      </Link>
                    </>
                  ) : null}
                </p>
                <Succession decision={d} />
                <div className="decision-cols">
                  <div>
                    <h3 className="label">{t('decisions.signoffs')}</h3>
                    <SignoffList decision={d} parties={current?.parties ?? []} />
                  </div>
                  <div>
                    <h3 className="label">{t('decisions.charterLinks')}</h3>
                    <CharterLinks items={d.charterItems} />
                  </div>
                </div>
              </li>
            ))}
          </ol>
          <div className="list-footer">
            <span className="muted" aria-live="polite">
              {t('decisions.shown', { count: formatNumber(items.length) })}
            </span>
            <LoadMore query={decisions} />
          </div>
        </>
      )}
    </Page>
  )
}
