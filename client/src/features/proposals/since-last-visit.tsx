/**
 * "What changed since my last visit" (issue 13): opening the page records the visit on the
 * server (proposal.visit, the caller's own row, never the ledger) and answers what changed since
 * the one before, as the caller may see it. Asked once per page opening: a refetch would count
 * from the visit just recorded.
 */
import { useQuery } from '@tanstack/react-query'
import { type MessageKey, type PluralKey, useI18n } from '../../i18n'
import { useTRPC } from '../../trpc'
import './since-last-visit.css'

const COUNTS: [key: 'revisions' | 'reviews' | 'comments' | 'concerns' | 'signoffs', PluralKey][] = [
  ['revisions', 'visits.revisions'],
  ['reviews', 'visits.reviews'],
  ['comments', 'visits.comments'],
  ['concerns', 'visits.concerns'],
  ['signoffs', 'visits.signoffs'],
]

/** The box on the proposal page; nothing on a first visit. */
export function SinceLastVisit({ proposalId }: { proposalId: string }) {
  const { t, plural, formatDateTime } = useI18n()
  const trpc = useTRPC()
  const visit = useQuery(
    trpc.visit.proposal.queryOptions(
      { proposalId },
      { staleTime: Number.POSITIVE_INFINITY, refetchOnWindowFocus: false, retry: false },
    ),
  )
  const data = visit.data
  if (!data?.lastVisitAt || !data.changes) return null
  const changes = data.changes
  const lines = COUNTS.filter(([key]) => changes[key] > 0).map(([key, label]) =>
    plural(label, changes[key]),
  )
  if (changes.state) lines.push(t('visits.state', { state: t(stateKey(changes.state)) }))
  return (
    <section className="card since-last-visit" aria-labelledby="since-last-visit-heading">
      <h2 id="since-last-visit-heading">{t('visits.title')}</h2>
      <p className="muted">{t('visits.lastVisit', { when: formatDateTime(data.lastVisitAt) })}</p>
      {lines.length === 0 ? (
        <p>{t('visits.nothing')}</p>
      ) : (
        <ul className="since-last-visit-list">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </section>
  )
}

function stateKey(state: string): MessageKey {
  return `proposal.state.${state}` as MessageKey
}

/** The list's mark: how many changes since the caller last opened the proposal. */
export function ChangedMark({ count }: { count: number | null }) {
  const { plural } = useI18n()
  if (!count) return null
  return <span className="badge badge-neutral changed-mark">{plural('visits.changed', count)}</span>
}
