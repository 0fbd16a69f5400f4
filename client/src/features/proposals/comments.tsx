/**
 * A proposal's discussion. Each comment says who can see it: joint (both parties) or internal
 * (the writer's party only), by a label and a distinct frame, never by colour alone.
 */
import { useId, useState } from 'react'
import { useMe } from '../../auth'
import { useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import { useDraft } from '../../session'
import { useTRPC } from '../../trpc'
import { Fieldset, OptionLabel, RadioGroup, TextField } from '../../ui/fields'
import { useIdempotencyKey } from '../../ui/idempotency-key'
import { Markdown } from '../../ui/markdown'
import { EmptyState, StatusMessage } from '../../ui/states'
import { ActionError, useProposalAction } from './proposal-action'
import type { ProposalView } from './types'

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
  const partyLabel = usePartyLabel()
  const id = useId()
  const [draft, setDraft] = useDraft<{
    body: string
    visibility: 'joint' | 'internal'
  }>(me.id, `comment.${view.id}`, { body: '', visibility: 'joint' })
  const [status, setStatus] = useState('')
  const add = useProposalAction(view, trpc.comment.add.mutationOptions(), { versioned: false })
  const [idempotencyKey, renewKey] = useIdempotencyKey()
  const send = add.onSubmit(
    () => ({ body: draft.body, visibility: draft.visibility, idempotencyKey }),
    () => {
      renewKey()
      setStatus(
        draft.visibility === 'internal' ? t('comments.postedInternal') : t('comments.postedJoint'),
      )
      // The text goes; who sees it stays as chosen, so the next internal remark is not posted
      // to the other party by mistake.
      setDraft((d) => ({ body: '', visibility: d.visibility }))
    },
  )
  const party = partyLabel(me.partyCode)
  return (
    <form
      className={`form inset-form composer composer-${draft.visibility}`}
      onSubmit={send}
      noValidate
    >
      <h3>{t('comments.add')}</h3>
      {draft.visibility === 'internal' ? (
        <p className="badge visibility visibility-internal composer-audience">
          {t('comments.internalBadge', { party })}
        </p>
      ) : null}
      <TextField
        label={t('comments.body')}
        rows={4}
        value={draft.body}
        help={t('editor.bodyHelp')}
        onChange={(body) => setDraft((d) => ({ ...d, body }))}
      />
      <Fieldset legend={t('comments.visibility')}>
        <RadioGroup
          className="radio-stack"
          name={`${id}-visibility`}
          value={draft.visibility}
          onChange={(visibility) => setDraft((d) => ({ ...d, visibility }))}
          options={[
            {
              value: 'joint',
              label: <OptionLabel title={t('comments.joint')} help={t('comments.jointHelp')} />,
            },
            {
              value: 'internal',
              label: (
                <OptionLabel
                  title={t('comments.internal', { party })}
                  help={t('comments.internalHelp', { party })}
                />
              ),
            },
          ]}
        />
      </Fieldset>
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
