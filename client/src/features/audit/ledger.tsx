import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { type FormEvent, useId, useRef, useState } from 'react'
import { LEDGER_ACTIONS } from '../../../../shared/ledger-actions'
import { useI18n } from '../../i18n'
import { usePartnership } from '../../partnership'
import { Link, navigate, useLocation } from '../../router'
import { type RouterOutputs, useTRPC } from '../../trpc'
import { EmptyState, ErrorState, Skeleton } from '../../ui/states'
import { EventDiff, type Refs, shortId } from './event-diff'
import './audit.css'

type LedgerPage = RouterOutputs['audit']['list']
export type LedgerEvent = LedgerPage['items'][number]

/** Every action the ledger records, for the filter: the one list, shared with the server. */
const ACTIONS = LEDGER_ACTIONS

const ENTITY_TYPES = [
  'proposal',
  'decision',
  'charter',
  'charter_item',
  'workstream',
  'user',
  'party',
  'partnership',
  'checkpoint',
] as const

/** Events on one page of the ledger. */
const PAGE_SIZE = 25

export interface Filters {
  entityType: string
  entityId: string
  actorId: string
  party: string
  action: string
  /** datetime-local values, in the user's time zone */
  from: string
  to: string
  order: 'newest' | 'oldest'
}

export const NO_FILTERS: Filters = {
  entityType: '',
  entityId: '',
  actorId: '',
  party: '',
  action: '',
  from: '',
  to: '',
  order: 'newest',
}

/** The filters as the API takes them: empty fields left out, local times as UTC instants. */
export function apiFilters(f: Filters) {
  const instant = (local: string) => {
    const time = local ? new Date(local) : null
    return time && !Number.isNaN(time.getTime()) ? time.toISOString() : null
  }
  return {
    entityType: f.entityType.trim() || null,
    entityId: f.entityId.trim() || null,
    actorId: f.actorId || null,
    party: f.party || null,
    action: f.action || null,
    from: instant(f.from),
    to: instant(f.to),
    order: f.order,
  }
}

/** The address's names for the filters (and `page`, the page's cursor): /audit?action=…&page=… */
const PARAMS: Record<keyof Filters, string> = {
  entityType: 'type',
  entityId: 'entity',
  actorId: 'actor',
  party: 'party',
  action: 'action',
  from: 'from',
  to: 'to',
  order: 'order',
}

function filtersOf(search: URLSearchParams): Filters {
  const f = { ...NO_FILTERS }
  for (const [key, param] of Object.entries(PARAMS) as [keyof Filters, string][]) {
    const value = search.get(param)
    if (value === null) continue
    if (key === 'order') f.order = value === 'oldest' ? 'oldest' : 'newest'
    else f[key] = value
  }
  return f
}

function addressOf(f: Filters, page: string | null): string {
  const search = new URLSearchParams()
  for (const [key, param] of Object.entries(PARAMS) as [keyof Filters, string][]) {
    if (f[key] && f[key] !== NO_FILTERS[key]) search.set(param, f[key])
  }
  if (page) search.set('page', page)
  const query = search.toString()
  return query ? `/audit?${query}` : '/audit'
}

/**
 * The ledger's filters and page live in the address, so a view can be bookmarked, shared and
 * gone back to. Applying filters starts again at the first page.
 */
export function useLedgerAddress() {
  const { search } = useLocation()
  const filters = filtersOf(search)
  const page = search.get('page')
  return {
    filters,
    page,
    setFilters: (f: Filters) => navigate(addressOf(f, null)),
    pageHref: (cursor: string | null) => addressOf(filters, cursor),
  }
}

function FilterForm({
  applied,
  onApply,
  actors,
}: {
  applied: Filters
  onApply: (f: Filters) => void
  actors: { id: string; name: string }[]
}) {
  const { t } = useI18n()
  const { current } = usePartnership()
  const [draft, setDraft] = useState<Filters>(applied)
  const id = useId()
  const field = (name: keyof Filters) => `${id}-${name}`
  const set = (name: keyof Filters) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [name]: e.target.value }))
  const submit = (e: FormEvent) => {
    e.preventDefault()
    onApply(draft)
  }
  return (
    <form className="audit-filters" aria-label={t('audit.filters')} onSubmit={submit}>
      <div className="field">
        <label htmlFor={field('entityType')}>{t('audit.filter.entityType')}</label>
        <select id={field('entityType')} value={draft.entityType} onChange={set('entityType')}>
          <option value="">{t('audit.filter.any')}</option>
          {ENTITY_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={field('entityId')}>{t('audit.filter.entityId')}</label>
        <input
          id={field('entityId')}
          type="text"
          value={draft.entityId}
          onChange={set('entityId')}
          spellCheck={false}
          autoComplete="off"
        />
      </div>
      <div className="field">
        <label htmlFor={field('actorId')}>{t('audit.filter.actor')}</label>
        <select id={field('actorId')} value={draft.actorId} onChange={set('actorId')}>
          <option value="">{t('audit.filter.any')}</option>
          {actors.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={field('party')}>{t('audit.filter.party')}</label>
        <select id={field('party')} value={draft.party} onChange={set('party')}>
          <option value="">{t('audit.filter.any')}</option>
          {(current?.parties ?? []).map((p) => (
            <option key={p.code} value={p.code}>
              {p.code}
            </option>
          ))}
          <option value="none">{t('audit.filter.noParty')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={field('action')}>{t('audit.filter.action')}</label>
        <select id={field('action')} value={draft.action} onChange={set('action')}>
          <option value="">{t('audit.filter.any')}</option>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={field('from')}>{t('audit.filter.from')}</label>
        <input id={field('from')} type="datetime-local" value={draft.from} onChange={set('from')} />
      </div>
      <div className="field">
        <label htmlFor={field('to')}>{t('audit.filter.to')}</label>
        <input id={field('to')} type="datetime-local" value={draft.to} onChange={set('to')} />
      </div>
      <div className="field">
        <label htmlFor={field('order')}>{t('audit.filter.order')}</label>
        <select id={field('order')} value={draft.order} onChange={set('order')}>
          <option value="newest">{t('audit.filter.newest')}</option>
          <option value="oldest">{t('audit.filter.oldest')}</option>
        </select>
      </div>
      <div className="audit-filter-actions">
        <button type="submit" className="button button-primary">
          {t('audit.filter.apply')}
        </button>
        <button
          type="button"
          className="button button-quiet"
          onClick={() => {
            setDraft(NO_FILTERS)
            onApply(NO_FILTERS)
          }}
        >
          {t('audit.filter.clear')}
        </button>
      </div>
    </form>
  )
}

/** What an event is about, as people name it: a code (P-12, D-7, WS-BAT, CON-1), a name. */
function EntityName({ event, refs }: { event: LedgerEvent; refs: Refs }) {
  const { t } = useI18n()
  const ref = refs[event.entityId.toLowerCase()]
  if (ref) {
    const to =
      ref.kind === 'proposal'
        ? `/proposals/${ref.label}`
        : ref.kind === 'decision'
          ? `/decisions/${ref.label}`
          : ref.kind === 'workstream'
            ? `/workstreams/${ref.label}`
            : ref.kind === 'charter_item'
              ? '/charter'
              : null
    return to ? (
      <Link to={to} className="event-entity">
        {ref.label}
      </Link>
    ) : (
      <span className={ref.kind === 'user' ? 'event-entity event-person' : 'event-entity'}>
        {ref.label}
      </span>
    )
  }
  switch (event.entityType) {
    case 'checkpoint':
      return (
        <span className="event-entity">{t('audit.entity.checkpoint', { n: event.entityId })}</span>
      )
    case 'charter':
      return (
        <Link to="/charter" className="event-entity">
          {t('audit.entity.charter')}
        </Link>
      )
    case 'partnership':
      return <span className="event-entity">{t('audit.entity.partnership')}</span>
    default:
      // Not named for this viewer (another party's draft) or no longer there: no raw id either.
      return (
        <span className="event-entity event-person muted">
          {t('audit.entity.unnamed', { id: shortId(event.entityId) })}
        </span>
      )
  }
}

function EventRow({ event, refs }: { event: LedgerEvent; refs: Refs }) {
  const { t, formatDateTime } = useI18n()
  const [open, setOpen] = useState(false)
  const detailsId = useId()
  const internal = event.visibility.startsWith('party:')
  const actor =
    event.actorName ??
    (event.actorId
      ? (refs[event.actorId.toLowerCase()]?.label ?? t('audit.event.unknownActor'))
      : t('audit.event.system'))
  return (
    <li className="event-row" data-seq={event.seq}>
      <div className="event-line">
        <span className="event-seq">#{event.seq}</span>
        <time dateTime={event.ts} className="event-time muted">
          {formatDateTime(event.ts)}
        </time>
        <span className="event-actor">
          {actor}
          {event.actorParty ? (
            <>
              {' '}
              <span className="party-tag">{event.actorParty}</span>
            </>
          ) : null}
        </span>
        <code className="event-action">{event.action}</code>
        <span className="event-about">
          <EntityName event={event} refs={refs} />
          {internal ? (
            <span className="badge badge-internal">
              {t('audit.event.internal', { party: event.visibility.slice('party:'.length) })}
            </span>
          ) : null}
        </span>
        <button
          type="button"
          className="button button-quiet event-toggle"
          aria-expanded={open}
          aria-controls={detailsId}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? t('audit.event.hideDetails') : t('audit.event.details')}
          <span className="visually-hidden"> #{event.seq}</span>
        </button>
      </div>
      <div id={detailsId} className="event-details" hidden={!open}>
        {open ? (
          <EventDiff
            payload={event.payload}
            redacted={event.redacted}
            payloadHash={event.payloadHash}
            refs={refs}
          />
        ) : null}
      </div>
    </li>
  )
}

/** Newer / older pages, where this page stands ("Events 26–50 of 528"), and back to the start. */
function Pager({
  page,
  order,
  href,
  onMove,
}: {
  page: LedgerPage
  order: Filters['order']
  href: (cursor: string | null) => string
  onMove: () => void
}) {
  const { t, formatNumber } = useI18n()
  const newest = order === 'newest'
  const from = page.offset + 1
  const to = page.offset + page.items.length
  const range =
    page.total === null
      ? t('audit.pager.rangeMany', { from: formatNumber(from), to: formatNumber(to) })
      : t('audit.pager.range', {
          from: formatNumber(from),
          to: formatNumber(to),
          total: formatNumber(page.total),
        })
  const step = (cursor: string | null, label: string, rel: 'prev' | 'next') =>
    cursor ? (
      <Link to={href(cursor)} className="button" rel={rel} onClick={onMove}>
        {label}
      </Link>
    ) : (
      <span className="button" aria-disabled="true">
        {label}
      </span>
    )
  return (
    <nav className="pager" aria-label={t('audit.pager.label')}>
      {page.prevCursor ? (
        <Link to={href(null)} className="button button-quiet" onClick={onMove}>
          {newest ? t('audit.pager.newest') : t('audit.pager.oldest')}
        </Link>
      ) : null}
      {step(page.prevCursor, newest ? t('audit.pager.newer') : t('audit.pager.older'), 'prev')}
      <span className="pager-range" aria-live="polite">
        {range}
      </span>
      {step(page.nextCursor, newest ? t('audit.pager.older') : t('audit.pager.newer'), 'next')}
    </nav>
  )
}

export function Ledger({
  partnershipId,
  filters,
  page,
  onFilters,
  pageHref,
}: {
  partnershipId: string
  filters: Filters
  /** The page's cursor, from the address; null for the first page. */
  page: string | null
  onFilters: (f: Filters) => void
  pageHref: (cursor: string | null) => string
}) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const listRef = useRef<HTMLOListElement>(null)
  const workstreams = useQuery(trpc.workstream.list.queryOptions({ partnershipId }))
  const events = useQuery(
    trpc.audit.list.queryOptions(
      { partnershipId, limit: PAGE_SIZE, cursor: page, ...apiFilters(filters) },
      { placeholderData: keepPreviousData },
    ),
  )
  const items = events.data?.items ?? []
  const refs: Refs = events.data?.refs ?? {}

  // People to filter by: the workstreams' people, plus everyone who acted in what is shown.
  const actors = new Map<string, string>()
  for (const w of workstreams.data ?? [])
    for (const p of [...w.leads, ...w.members]) actors.set(p.id, p.name)
  for (const e of items) if (e.actorId && e.actorName) actors.set(e.actorId, e.actorName)
  const actorList = [...actors]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name))

  // A new page replaces the list: bring its top into view and put the focus on it.
  const moved = () => {
    requestAnimationFrame(() => {
      listRef.current?.scrollIntoView({ block: 'start' })
      listRef.current?.focus({ preventScroll: true })
    })
  }

  return (
    <section className="card" aria-labelledby="ledger-heading">
      <h2 id="ledger-heading">{t('audit.ledger.title')}</h2>
      <FilterForm key={pageHref(null)} applied={filters} onApply={onFilters} actors={actorList} />
      {events.isError ? (
        <ErrorState error={events.error} onRetry={() => void events.refetch()} />
      ) : !events.data ? (
        <Skeleton lines={10} />
      ) : items.length === 0 ? (
        <EmptyState>{t('audit.ledger.empty')}</EmptyState>
      ) : (
        <>
          <ol
            ref={listRef}
            tabIndex={-1}
            className="event-list"
            aria-label={t('audit.ledger.listLabel')}
            aria-busy={events.isPlaceholderData}
          >
            {items.map((e) => (
              <EventRow key={e.seq} event={e} refs={refs} />
            ))}
          </ol>
          <Pager page={events.data} order={filters.order} href={pageHref} onMove={moved} />
        </>
      )}
    </section>
  )
}
