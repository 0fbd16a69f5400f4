/**
 * Pieces the proposal pages and the inbox share: types of the API's answers, the state badge,
 * dates, the party label, the "what it waits on" sentence and the refresh after a change.
 */
import { useQueryClient } from '@tanstack/react-query'
import type { inferRouterOutputs } from '@trpc/server'
import { useCallback } from 'react'
import type { AppRouter } from '../../../../server/routers'
import type { ProposalState } from '../../../../shared/lifecycle'
import { type I18n, type MessageKey, useI18n } from '../../i18n'
import { partyName, usePartnership } from '../../partnership'
import { isApiError, useTRPC } from '../../trpc'
import { useErrorMessage } from '../../ui/states'
import './proposals.css'

type Outputs = inferRouterOutputs<AppRouter>
export type ProposalView = Outputs['proposal']['get']
export type ProposalListItem = Outputs['proposal']['list']['items'][number]
export type InboxView = Outputs['inbox']['get']
export type InboxItem = InboxView['reviewsRequested'][number]
export type CharterView = Outputs['charter']['get']
export type CharterItem = CharterView['items']['constraint'][number]
export type WorkstreamView = Outputs['workstream']['list'][number]
export type DecisionListItem = Outputs['decision']['list']['items'][number]

export function StateBadge({ state }: { state: ProposalState | string }) {
  const { t } = useI18n()
  const key = `proposal.state.${state}` as MessageKey
  return <span className={`badge state-badge state-${state}`}>{t(key)}</span>
}

/** A calendar date (YYYY-MM-DD) in the user's locale: read as local noon, so no zone shifts the day. */
export function formatDay(i18n: Pick<I18n, 'formatDate'>, day: string): string {
  return i18n.formatDate(`${day}T12:00:00`)
}

/** "2027-03-31 · overdue" as a small piece of text that does not rely on colour. */
export function DecideBy({ decideBy, overdue }: { decideBy: string | null; overdue: boolean }) {
  const i18n = useI18n()
  if (!decideBy) return <span className="muted">{i18n.t('proposal.decideBy.none')}</span>
  return (
    <span className={overdue ? 'decide-by decide-by-overdue' : 'decide-by'}>
      {i18n.t('proposal.decideBy.on', { date: formatDay(i18n, decideBy) })}
      {overdue ? <span className="badge badge-overdue">{i18n.t('proposal.overdue')}</span> : null}
    </span>
  )
}

/** A party's name in the UI's language, from the current partnership's parties. */
export function usePartyLabel(): (code: string | null) => string {
  const { t, lang } = useI18n()
  const { partnerships } = usePartnership()
  return useCallback(
    (code: string | null) => {
      if (!code) return t('party.none')
      for (const p of partnerships) {
        const party = p.parties.find((x) => x.code === code)
        if (party) return partyName(party, lang, code)
      }
      return code
    },
    [partnerships, lang, t],
  )
}

/**
 * What the proposal waits on, in the UI's language. The server sends the same sentence in
 * English (`waitingOn`); it is rebuilt here from the structured status so Japanese reads Japanese.
 */
export function waitingOn(view: ProposalView, t: I18n['t']): string {
  const status = view.reviewStatus
  switch (view.state) {
    case 'draft':
      return t('proposal.waiting.draft')
    case 'in_review': {
      if (status.openConcerns > 0)
        return t('proposal.waiting.concerns', { count: status.openConcerns })
      const changes = status.perParty.filter((x) => x.changesRequested > 0).map((x) => x.party)
      if (changes.length) return t('proposal.waiting.changes', { parties: changes.join(', ') })
      const short = status.perParty
        .filter((x) => x.approvals < x.needed)
        .map((x) => `${x.party} (${x.approvals}/${x.needed})`)
      return t('proposal.waiting.reviews', { parties: short.join(', ') })
    }
    case 'awaiting_signoff': {
      const pending = view.signoffStatus
        .filter((s) => s.status === 'pending')
        .map((s) => s.party)
        .join(', ')
      return view.needsPartnershipLeads
        ? t('proposal.waiting.signoffLeads', { parties: pending })
        : t('proposal.waiting.signoff', { parties: pending })
    }
    case 'approved':
      return t('proposal.waiting.approved')
    default:
      return t('proposal.waiting.closed')
  }
}

/** After any change to a proposal: everything that shows it is refetched. */
export function useRefreshProposal() {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  return useCallback(
    async () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.proposal.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.inbox.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.audit.timeline.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.decision.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.charter.pathKey() }),
      ]),
    [queryClient, trpc],
  )
}

export function isConflict(error: unknown): boolean {
  return isApiError(error) && error.data?.code === 'CONFLICT'
}

/**
 * A refused action: the server's message as it came, except a version conflict, which says what
 * happened in the UI's language and offers the reload.
 */
export function ActionError({ error }: { error: unknown }) {
  const { t } = useI18n()
  const message = useErrorMessage()
  const refresh = useRefreshProposal()
  if (!error) return null
  if (isConflict(error)) {
    return (
      <div className="form-error action-error" role="alert">
        <p>{t('proposal.conflict')}</p>
        <button type="button" className="button" onClick={() => void refresh()}>
          {t('proposal.reload')}
        </button>
      </div>
    )
  }
  return (
    <p className="form-error action-error" role="alert">
      {message(error)}
    </p>
  )
}

/** Whether the signed-in user may file proposals in this partnership. */
export function canFile(roles: readonly string[], partyCode: string | null): boolean {
  return (
    partyCode !== null &&
    roles.some((r) => r === 'member' || r === 'workstream_lead' || r === 'partnership_lead')
  )
}
