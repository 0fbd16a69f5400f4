/**
 * A proposal's discussion. Each comment says who can see it: joint (both parties) or internal
 * (the writer's party only), by a label and a distinct frame, never by colour alone.
 */
import { useMutation } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { useMe } from '../../auth'
import { useI18n } from '../../i18n'
import { useDraft } from '../../session'
import { useTRPC } from '../../trpc'
import { Markdown } from '../../ui/markdown'
import { EmptyState, StatusMessage } from '../../ui/states'
import { ActionError, type ProposalView, usePartyLabel, useRefreshProposal } from './common'

export function Comments({ view }: { view: ProposalView }) {
  const { t, formatDateTime } = useI18n()
  const partyLabel = usePartyLabel()
  return (
    <section className="card" aria-labelledby="comments-heading" id="comments">
      <h2 id="comments-heading">{t('comments.title', { count: view.comments.length })}</h2>
      {view.comments.length === 0 ? (
        <EmptyState>{t('comments.empty')}</EmptyState>
      ) : (
        <ul className="entry-list comment-list">
          {view.comments.map((c) => (
            <li
              key={c.id}
              className={`entry comment comment-${c.visibility}`}
              data-visibility={c.visibility}
            >
              <p className="entry-head">
                <span className={`badge visibility visibility-${c.visibility}`}>
                  {c.visibility === 'internal'
                    ? t('comments.internalBadge', { party: partyLabel(c.party) })
                    : t('comments.jointBadge')}
                </span>
                <strong>{c.author.name}</strong>
                <span className="party-tag">{partyLabel(c.party)}</span>
                <span className="muted">
                  {formatDateTime(c.createdAt)} · {t('proposal.revisionOf', { n: c.revision })}
                </span>
              </p>
              <Markdown source={c.body} />
            </li>
          ))}
        </ul>
      )}
      {view.myActions.includes('comment') ? <Composer view={view} /> : null}
    </section>
  )
}

function Composer({ view }: { view: ProposalView }) {
  const { t } = useI18n()
  const me = useMe()
  const trpc = useTRPC()
  const refresh = useRefreshProposal()
  const partyLabel = usePartyLabel()
  const id = useId()
  const [draft, setDraft, clearDraft] = useDraft<{
    body: string
    visibility: 'joint' | 'internal'
  }>(me.id, `comment.${view.id}`, { body: '', visibility: 'joint' })
  const [status, setStatus] = useState('')
  const add = useMutation(trpc.comment.add.mutationOptions())
  const send = async (event: FormEvent) => {
    event.preventDefault()
    try {
      await add.mutateAsync({ proposalId: view.id, body: draft.body, visibility: draft.visibility })
      setStatus(
        draft.visibility === 'internal' ? t('comments.postedInternal') : t('comments.postedJoint'),
      )
      clearDraft()
      await refresh()
    } catch {
      // shown below
    }
  }
  const party = partyLabel(me.partyCode)
  return (
    <form className="form inset-form composer" onSubmit={send} noValidate>
      <h3>{t('comments.add')}</h3>
      <div className="field">
        <label htmlFor={`${id}-body`}>{t('comments.body')}</label>
        <textarea
          id={`${id}-body`}
          rows={4}
          value={draft.body}
          aria-describedby={`${id}-help`}
          onChange={(e) => setDraft((d) => ({ ...d, body: e.target.value }))}
        />
        <p className="field-help" id={`${id}-help`}>
          {t('editor.bodyHelp')}
        </p>
      </div>
      <fieldset className="fieldset">
        <legend>{t('comments.visibility')}</legend>
        <div className="radio-stack">
          <label className="radio">
            <input
              type="radio"
              name={`${id}-visibility`}
              value="joint"
              checked={draft.visibility === 'joint'}
              onChange={() => setDraft((d) => ({ ...d, visibility: 'joint' }))}
            />
            <span>
              <strong>{t('comments.joint')}</strong>
              <span className="field-help"> — {t('comments.jointHelp')}</span>
            </span>
          </label>
          <label className="radio">
            <input
              type="radio"
              name={`${id}-visibility`}
              value="internal"
              checked={draft.visibility === 'internal'}
              onChange={() => setDraft((d) => ({ ...d, visibility: 'internal' }))}
            />
            <span>
              <strong>{t('comments.internal', { party })}</strong>
              <span className="field-help"> — {t('comments.internalHelp', { party })}</span>
            </span>
          </label>
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={add.isPending}>
          {add.isPending
            ? t('common.saving')
            : draft.visibility === 'internal'
              ? t('comments.postInternal', { party })
              : t('comments.postJoint')}
        </button>
      </div>
      <ActionError error={add.error} />
      <StatusMessage>{status}</StatusMessage>
    </form>
  )
}
