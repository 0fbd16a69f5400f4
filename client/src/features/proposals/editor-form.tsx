/**
 * The editor's form. Guardrail flags come from the shared screening code as the author types; what
 * is typed is kept in the tab's session storage (useDraft), so an ended session does not lose it.
 */

import { type FormEvent, useDeferredValue, useId, useMemo, useRef, useState } from 'react'
import { decideByHasPassed, earliestDecideBy, latestDecideBy } from '../../../../shared/decide-by'
import { useMe } from '../../auth'
import { useI18n } from '../../i18n'
import { Link, navigate } from '../../router'
import { useDraft } from '../../session'
import {
  codeOptions,
  Fieldset,
  OptionLabel,
  RadioGroup,
  SelectField,
  TextField,
} from '../../ui/fields'
import { AmendmentChanges } from './editor-amendment'
import { BodyField } from './editor-body'
import { ImpactStatements } from './editor-impacts'
import { CharterLinks, Supersedes } from './editor-links'
import { useEditorSave } from './editor-save'
import {
  allItems,
  type EditorState,
  impactList,
  type ProposalType,
  type SetState,
  toContent,
} from './editor-state'
import { GuardrailPanel, guardrailItems, useGuardrails } from './guardrails'
import { ActionError } from './proposal-action'
import type { CharterView, DecisionListItem, ProposalView, WorkstreamView } from './types'

export type Mode = 'new' | 'draft' | 'revise'

export interface EditorData {
  charter: CharterView
  workstreams: WorkstreamView[]
  decisions: DecisionListItem[]
}

export function EditorForm({
  mode,
  partnershipId,
  data,
  initial,
  view,
  draftKey,
}: {
  mode: Mode
  partnershipId: string
  data: EditorData
  initial: EditorState
  view?: ProposalView
  draftKey: string
}) {
  const { t, lang } = useI18n()
  const me = useMe()
  const [saved, setSaved, clearDraft] = useDraft<EditorState>(me.id, draftKey, initial)
  // Only what the author typed is restored; an untouched form follows the proposal as loaded.
  const state = saved.dirty ? saved : initial
  const setState: SetState = (next) =>
    setSaved((previous) => {
      const base = previous.dirty ? previous : initial
      return { ...(typeof next === 'function' ? next(base) : next), dirty: true }
    })
  const restored = useRef(saved.dirty)
  const [showRestored, setShowRestored] = useState(restored.current)
  const formId = useId()
  const guardrailsId = `${formId}-guardrails`

  const items = useMemo(() => allItems(data.charter), [data.charter])
  const screened = useMemo(() => guardrailItems(data.charter), [data.charter])
  const update = <K extends keyof EditorState>(key: K, value: EditorState[K]) =>
    setState((s) => ({ ...s, [key]: value }))

  // Screening runs on the deferred text, so typing stays smooth on a long body.
  const deferredBody = useDeferredValue(state.body)
  const deferredTitle = useDeferredValue(state.title)
  const impacts = useMemo(() => impactList(state), [state])
  const guardrails = useGuardrails({
    type: state.type,
    title: deferredTitle,
    body: deferredBody,
    impacts,
    items: screened,
  })

  const saving = useEditorSave(mode, partnershipId, view)
  const save = async (event: FormEvent) => {
    event.preventDefault()
    const id = await saving.save(state, toContent(state, items))
    if (!id) return
    clearDraft()
    // A new revision opens on its diff: what changed is what the reader wants next.
    navigate(mode === 'revise' ? `/proposals/${id}?tab=revisions` : `/proposals/${id}`)
  }

  const discard = () => {
    clearDraft()
    setShowRestored(false)
  }

  const openWorkstreams = data.workstreams.filter(
    (w) => w.status === 'active' || w.status === 'proposed' || w.id === state.workstreamId,
  )
  const submitLabel =
    mode === 'new'
      ? t('editor.saveNew')
      : mode === 'draft'
        ? t('editor.saveDraft')
        : t('editor.saveRevision')

  return (
    <form className="editor" onSubmit={save} noValidate aria-describedby={guardrailsId}>
      {showRestored ? (
        <div className="notice editor-restored">
          <p>{t('editor.restored')}</p>
          <button type="button" className="button" onClick={discard}>
            {t('editor.discard')}
          </button>
        </div>
      ) : null}
      <div className="editor-grid">
        <div className="editor-main form">
          {mode === 'new' ? (
            <Fieldset legend={t('editor.type')}>
              <RadioGroup<ProposalType>
                name={`${formId}-type`}
                value={state.type}
                onChange={(type) => update('type', type)}
                options={(['decision', 'amendment'] as const).map((type) => ({
                  value: type,
                  label: (
                    <OptionLabel
                      title={t(`proposal.type.${type}`)}
                      help={t(`editor.typeHelp.${type}`)}
                    />
                  ),
                }))}
              />
            </Fieldset>
          ) : (
            <p className="meta">
              {t('editor.typeFixed', { type: t(`proposal.type.${state.type}`) })}
            </p>
          )}

          <div className="field-row">
            <SelectField
              label={t('proposal.workstream')}
              value={state.workstreamId}
              onChange={(value) => update('workstreamId', value)}
              empty={t('editor.chooseWorkstream')}
              options={codeOptions(openWorkstreams, lang)}
            />
            <TextField
              type="date"
              label={t('editor.decideBy')}
              value={state.decideBy}
              min={earliestDecideBy(new Date())}
              max={latestDecideBy(new Date())}
              help={
                state.decideBy && decideByHasPassed(state.decideBy, new Date())
                  ? t('editor.decideByPassed')
                  : undefined
              }
              onChange={(value) => update('decideBy', value)}
            />
          </div>

          <TextField
            label={t('editor.title')}
            maxLength={200}
            required
            value={state.title}
            onChange={(value) => update('title', value)}
          />

          <BodyField value={state.body} onChange={(value) => update('body', value)} />

          <ImpactStatements
            items={screened}
            state={state}
            setState={setState}
            guardrails={guardrails}
          />

          <CharterLinks items={items} state={state} setState={setState} />

          <Supersedes decisions={data.decisions} state={state} setState={setState} />

          {state.type === 'amendment' ? (
            <AmendmentChanges items={items} state={state} setState={setState} />
          ) : null}

          {mode === 'revise' ? (
            <TextField
              label={t('editor.note')}
              maxLength={2000}
              value={state.note}
              onChange={(value) => update('note', value)}
              help={t('editor.noteHelp')}
            />
          ) : null}
        </div>

        <aside className="editor-side" aria-label={t('guardrail.title')}>
          <GuardrailPanel
            result={guardrails}
            items={screened}
            type={state.type}
            id={guardrailsId}
          />
          <p className="field-help">
            {mode === 'revise' ? t('editor.reviseHelp') : t('editor.saveHelp')}
          </p>
        </aside>
      </div>

      <div className="form-actions editor-actions">
        <button type="submit" className="button button-primary" disabled={saving.isPending}>
          {saving.isPending ? t('common.saving') : submitLabel}
        </button>
        <Link to={view ? `/proposals/${view.id}` : '/proposals'} className="button button-quiet">
          {t('common.cancel')}
        </Link>
      </div>
      <div className="form-error-slot">
        <ActionError error={saving.error} />
      </div>
    </form>
  )
}
