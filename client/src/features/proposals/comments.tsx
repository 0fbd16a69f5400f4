/**
 * A proposal's discussion. Each comment says who can see it: joint (both parties) or internal
 * (the writer's party only), by a label and a distinct frame, never by colour alone.
 */
import { useEffect, useId, useRef, useState } from 'react'
import { useMe } from '../../auth'
import { useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import { useDraft } from '../../session'
import { useTRPC } from '../../trpc'
import { Fieldset, OptionLabel, RadioGroup, TextField } from '../../ui/fields'
import { useIdempotencyKey } from '../../ui/idempotency-key'
import { Markdown } from '../../ui/markdown'
import { EmptyState, StatusMessage } from '../../ui/states'
import { CancelButton, type FormSwitch, OnDemandForm } from './on-demand'
import { ActionError, useProposalAction } from './proposal-action'
import type { ProposalView } from './types'

export function Comments({ view, form }: { view: ProposalView; form: FormSwitch }) {
  const { t, formatDateTime } = useI18n()
  const partyLabel = usePartyLabel()
  const [status, setStatus] = useState('')
  useLandOnComment(view.comments.length)
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
              id={`comment-${c.id}`}
              tabIndex={-1}
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
      {view.myActions.includes('comment') ? (
        <OnDemandForm
          label={t('comments.add')}
          open={form.open}
          onOpenChange={(open) => {
            if (open) setStatus('')
            form.onOpenChange(open)
          }}
        >
          {(cancel) => (
            <Composer
              view={view}
              onCancel={cancel}
              onDone={(message) => {
                form.onOpenChange(false)
                setStatus(message)
              }}
            />
          )}
        </OnDemandForm>
      ) : null}
      <StatusMessage takeFocus>{status}</StatusMessage>
    </section>
  )
}

/**
 * A link to one comment (`#comment-…`, from search or a notification) lands on it once the
 * comments are there: the browser's own jump ran before the page had them.
 */
function useLandOnComment(count: number) {
  const landed = useRef(false)
  useEffect(() => {
    const hash = window.location.hash
    if (landed.current || count === 0 || !hash.startsWith('#comment-')) return
    const target = document.getElementById(decodeURIComponent(hash.slice(1)))
    if (!target) return
    landed.current = true
    target.scrollIntoView({ block: 'start' })
    target.focus({ preventScroll: true })
  }, [count])
}

function Composer({
  view,
  onDone,
  onCancel,
}: {
  view: ProposalView
  onDone: (message: string) => void
  onCancel: () => void
}) {
  const { t } = useI18n()
  const me = useMe()
  const trpc = useTRPC()
  const partyLabel = usePartyLabel()
  const id = useId()
  const [draft, setDraft] = useDraft<{
    body: string
    visibility: 'joint' | 'internal'
  }>(me.id, `comment.${view.id}`, { body: '', visibility: 'joint' })
  const add = useProposalAction(view, trpc.comment.add.mutationOptions(), { versioned: false })
  const [idempotencyKey, renewKey] = useIdempotencyKey()
  const send = add.onSubmit(
    () => ({ body: draft.body, visibility: draft.visibility, idempotencyKey }),
    () => {
      renewKey()
      // The text goes; who sees it stays as chosen, so the next internal remark is not posted
      // to the other party by mistake.
      setDraft((d) => ({ body: '', visibility: d.visibility }))
      onDone(
        draft.visibility === 'internal' ? t('comments.postedInternal') : t('comments.postedJoint'),
      )
    },
  )
  const party = partyLabel(me.partyCode)
  return (
    <form
      className={`form inset-form composer composer-${draft.visibility}`}
      onSubmit={send}
      noValidate
    >
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
        <CancelButton onCancel={onCancel} />
      </div>
      <ActionError error={add.error} />
    </form>
  )
}
