/**
 * The proposal editor's pages: a new proposal, a draft's edit, or a new revision of a submitted
 * one. They load what the form offers (charter, workstreams, decisions) and hand it to EditorForm.
 */
import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { mayFile } from '../../../../shared/lifecycle'
import { useMe } from '../../auth'
import { useI18n } from '../../i18n'
import { usePartnership } from '../../partnership'
import { Link } from '../../router'
import { useTRPC } from '../../trpc'
import { Page } from '../../ui/page'
import { EmptyState, ErrorState, Skeleton } from '../../ui/states'
import { type EditorData, EditorForm, type Mode } from './editor-form'
import { allItems, EMPTY_EDITOR, fromView } from './editor-state'
import './proposals.css'

function useEditorData(partnershipId: string | undefined) {
  const trpc = useTRPC()
  const enabled = Boolean(partnershipId)
  const pid = partnershipId ?? ''
  const charter = useQuery(trpc.charter.get.queryOptions({ partnershipId: pid }, { enabled }))
  const workstreams = useQuery(
    trpc.workstream.list.queryOptions({ partnershipId: pid }, { enabled }),
  )
  const decisions = useQuery(
    trpc.decision.list.queryOptions(
      { partnershipId: pid, status: 'active', limit: 100 },
      { enabled },
    ),
  )
  const error = charter.error ?? workstreams.error ?? decisions.error
  const data: EditorData | null =
    charter.data && workstreams.data && decisions.data
      ? { charter: charter.data, workstreams: workstreams.data, decisions: decisions.data.items }
      : null
  return {
    data,
    error,
    retry: () => {
      void charter.refetch()
      void workstreams.refetch()
      void decisions.refetch()
    },
  }
}

/** /proposals/new */
export function NewProposalPage() {
  const { t } = useI18n()
  const me = useMe()
  const { current, roles, isPending } = usePartnership()
  const { data, error, retry } = useEditorData(current?.id)
  return (
    <Page title={t('editor.newTitle')} lead={t('editor.newLead')}>
      <p className="back-link">
        <Link to="/proposals">← {t('proposals.back')}</Link>
      </p>
      {isPending ? (
        <Skeleton lines={8} />
      ) : !current ? (
        <EmptyState>{t('home.noPartnership')}</EmptyState>
      ) : !mayFile(roles, me.partyCode) ? (
        <EmptyState>{t('editor.cannotFile')}</EmptyState>
      ) : error ? (
        <ErrorState error={error} onRetry={retry} />
      ) : !data ? (
        <Skeleton lines={8} />
      ) : (
        <EditorForm
          mode="new"
          partnershipId={current.id}
          data={data}
          initial={EMPTY_EDITOR}
          draftKey="proposal.new"
        />
      )}
    </Page>
  )
}

/** /proposals/:proposalId/edit: a draft in place, or a new revision once submitted. */
export function EditProposalPage({ proposalId }: { proposalId: string }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const proposal = useQuery(trpc.proposal.get.queryOptions({ proposalId }))
  const { data, error, retry } = useEditorData(proposal.data?.partnershipId)
  const view = proposal.data
  const mode: Mode | null = view?.myActions.includes('update_draft')
    ? 'draft'
    : view?.myActions.includes('revise')
      ? 'revise'
      : null
  const title = view
    ? t(mode === 'revise' ? 'editor.reviseTitle' : 'editor.editTitle', { code: view.code })
    : t('editor.editTitle', { code: '' })
  const items = useMemo(() => (data ? allItems(data.charter) : []), [data])
  // The form starts from the proposal as loaded; the version it saw travels with the save.
  const initial = useMemo(() => (view ? fromView(view, items) : null), [view, items])
  return (
    <Page title={title} lead={view ? view.title : undefined}>
      <p className="back-link">
        <Link to={`/proposals/${proposalId}`}>← {t('editor.backToProposal')}</Link>
      </p>
      {proposal.error || error ? (
        <ErrorState
          error={proposal.error ?? error}
          onRetry={() => {
            void proposal.refetch()
            retry()
          }}
        />
      ) : !view || !data || !initial ? (
        <Skeleton lines={8} />
      ) : !mode ? (
        <EmptyState>{t('editor.cannotEdit')}</EmptyState>
      ) : (
        <EditorForm
          mode={mode}
          partnershipId={view.partnershipId}
          data={data}
          initial={initial}
          view={view}
          draftKey={`proposal.edit.${proposalId}`}
        />
      )}
    </Page>
  )
}
