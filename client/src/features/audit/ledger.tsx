import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { LEDGER_ACTIONS } from '../../../../shared/ledger-actions'
import { useI18n } from '../../i18n'
import { usePartnership } from '../../partnership'
import { Link } from '../../router'
import { type RouterOutputs, useTRPC } from '../../trpc'
import { LoadMore } from '../../ui/load-more'
import { EmptyState, ErrorState, Skeleton } from '../../ui/states'
import { EventDiff } from './event-diff'
import './audit.css'

export type LedgerEvent = RouterOutputs['audit']['list']['items'][number]

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
  const instant = (local: string) => (local ? new Date(local).toISOString() : null)
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

function entityLink(e: LedgerEvent): string | null {
  switch (e.entityType) {
    case 'proposal':
      return `/proposals/${e.entityId}`
    case 'decision':
      return `/decisions/${e.entityId}`
    case 'workstream':
      return `/workstreams/${e.entityId}`
    case 'charter':
    case 'charter_item':
      return '/charter'
    default:
      return null
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

function EventRow({ event }: { event: LedgerEvent }) {
  const { t, formatDateTime } = useI18n()
  const link = entityLink(event)
  const internal = event.visibility.startsWith('party:')
  return (
    <li className="event-row" data-seq={event.seq}>
      <div className="event-head">
        <span className="event-seq">#{event.seq}</span>
        <code className="event-action">{event.action}</code>
        <time dateTime={event.ts} className="muted">
          {formatDateTime(event.ts)}
        </time>
      </div>
      <p className="event-meta">
        <span>
          {event.actorName ??
            (event.actorId ? t('audit.event.unknownActor') : t('audit.event.system'))}
        </span>{' '}
        {event.actorParty ? <span className="party-tag">{event.actorParty}</span> : null}{' '}
        <span className="muted">
          {event.entityType}
          {' · '}
          {link ? (
            <Link to={link} className="event-entity">
              {event.entityId.slice(0, 8)}
            </Link>
          ) : (
            <span className="event-entity">{event.entityId.slice(0, 8)}</span>
          )}
        </span>{' '}
        {internal ? (
          <span className="badge badge-internal">
            {t('audit.event.internal', { party: event.visibility.slice('party:'.length) })}
          </span>
        ) : null}
      </p>
      <EventDiff
        payload={event.payload}
        redacted={event.redacted}
        payloadHash={event.payloadHash}
      />
    </li>
  )
}

export function Ledger({
  partnershipId,
  filters,
  onFilters,
}: {
  partnershipId: string
  filters: Filters
  onFilters: (f: Filters) => void
}) {
  const { t, formatNumber } = useI18n()
  const trpc = useTRPC()
  const workstreams = useQuery(trpc.workstream.list.queryOptions({ partnershipId }))
  const events = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { partnershipId, limit: 25, ...apiFilters(filters) },
      { getNextPageParam: (last) => last.nextCursor ?? undefined, placeholderData: (p) => p },
    ),
  )
  const items = events.data?.pages.flatMap((page) => page.items) ?? []

  // People to filter by: the workstreams' people, plus everyone who acted in what is shown.
  const actors = new Map<string, string>()
  for (const w of workstreams.data ?? [])
    for (const p of [...w.leads, ...w.members]) actors.set(p.id, p.name)
  for (const e of items) if (e.actorId && e.actorName) actors.set(e.actorId, e.actorName)
  const actorList = [...actors]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name))

  return (
    <section className="card" aria-labelledby="ledger-heading">
      <h2 id="ledger-heading">{t('audit.ledger.title')}</h2>
      <FilterForm applied={filters} onApply={onFilters} actors={actorList} />
      {events.isError ? (
        <ErrorState error={events.error} onRetry={() => void events.refetch()} />
      ) : !events.data ? (
        <Skeleton lines={10} />
      ) : items.length === 0 ? (
        <EmptyState>{t('audit.ledger.empty')}</EmptyState>
      ) : (
        <>
          <ol className="event-list" aria-label={t('audit.ledger.listLabel')}>
            {items.map((e) => (
              <EventRow key={e.seq} event={e} />
            ))}
          </ol>
          <div className="list-footer">
            <span className="muted" aria-live="polite">
              {t('audit.ledger.shown', { count: formatNumber(items.length) })}
            </span>
            <LoadMore query={events} />
          </div>
        </>
      )}
    </section>
  )
}
