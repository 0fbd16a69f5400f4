/**
 * The proposal editor: a new proposal, a draft's edit, or a new revision of a submitted one.
 * Guardrail flags come from the shared screening code as the author types; what is typed is kept
 * in the tab's session storage (useDraft), so an ended session does not lose it.
 */
import { useMutation, useQuery } from '@tanstack/react-query'
import { type FormEvent, useDeferredValue, useId, useMemo, useRef, useState } from 'react'
import { CHARTER_KINDS, type CharterKind } from '../../../../shared/charter'
import { useMe } from '../../auth'
import { type MessageKey, useI18n } from '../../i18n'
import { usePartnership } from '../../partnership'
import { Link, navigate } from '../../router'
import { useDraft } from '../../session'
import { useTRPC } from '../../trpc'
import { Markdown } from '../../ui/markdown'
import { Page } from '../../ui/page'
import { EmptyState, ErrorState, Skeleton } from '../../ui/states'
import {
  ActionError,
  type CharterItem,
  type CharterView,
  canFile,
  type DecisionListItem,
  type ProposalView,
  useRefreshProposal,
  type WorkstreamView,
} from './common'
import {
  type ChangeDraft,
  type EditorState,
  EMPTY_EDITOR,
  fromView,
  impactList,
  newChange,
  type ProposalType,
  toContent,
} from './editor-state'
import { GuardrailPanel, guardrailItems, useFindingText, useGuardrails } from './guardrails'

type Mode = 'new' | 'draft' | 'revise'

interface EditorData {
  charter: CharterView
  workstreams: WorkstreamView[]
  decisions: DecisionListItem[]
}

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
      ) : !canFile(roles, me.partyCode) ? (
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

function allItems(charter: CharterView): CharterItem[] {
  return CHARTER_KINDS.flatMap((kind) => charter.items[kind])
}

function EditorForm({
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
  const { t } = useI18n()
  const me = useMe()
  const trpc = useTRPC()
  const refresh = useRefreshProposal()
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
  const [preview, setPreview] = useState(false)
  const formId = useId()
  const ids = {
    type: `${formId}-type`,
    workstream: `${formId}-ws`,
    title: `${formId}-title`,
    body: `${formId}-body`,
    bodyHelp: `${formId}-body-help`,
    decideBy: `${formId}-decide`,
    note: `${formId}-note`,
    guardrails: `${formId}-guardrails`,
  }

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

  const create = useMutation(trpc.proposal.create.mutationOptions())
  const updateDraft = useMutation(trpc.proposal.updateDraft.mutationOptions())
  const revise = useMutation(trpc.proposal.revise.mutationOptions())
  const mutation = mode === 'new' ? create : mode === 'draft' ? updateDraft : revise
  const busy = mutation.isPending

  const save = async (event: FormEvent) => {
    event.preventDefault()
    const content = toContent(state, items)
    try {
      let id: string
      if (mode === 'new') {
        const result = await create.mutateAsync({ partnershipId, type: state.type, content })
        id = result.id
      } else if (mode === 'draft' && view) {
        await updateDraft.mutateAsync({
          proposalId: view.id,
          expectedVersion: view.version,
          content,
        })
        id = view.id
      } else if (view) {
        await revise.mutateAsync({
          proposalId: view.id,
          expectedVersion: view.version,
          content,
          note: state.note,
        })
        id = view.id
      } else return
      clearDraft()
      await refresh()
      navigate(`/proposals/${id}`)
    } catch {
      // shown below from mutation.error
    }
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
    <form className="editor" onSubmit={save} noValidate aria-describedby={ids.guardrails}>
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
            <fieldset className="fieldset">
              <legend>{t('editor.type')}</legend>
              <div className="radio-row">
                {(['decision', 'amendment'] as const).map((type) => (
                  <label key={type} className="radio">
                    <input
                      type="radio"
                      name={ids.type}
                      value={type}
                      checked={state.type === type}
                      onChange={() => update('type', type as ProposalType)}
                    />
                    <span>
                      <strong>{t(`proposal.type.${type}`)}</strong>
                      <span className="field-help"> — {t(`editor.typeHelp.${type}`)}</span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
          ) : (
            <p className="meta">
              {t('editor.typeFixed', { type: t(`proposal.type.${state.type}`) })}
            </p>
          )}

          <div className="field-row">
            <div className="field">
              <label htmlFor={ids.workstream}>{t('proposal.workstream')}</label>
              <select
                id={ids.workstream}
                value={state.workstreamId}
                onChange={(e) => update('workstreamId', e.target.value)}
              >
                <option value="">{t('editor.chooseWorkstream')}</option>
                {openWorkstreams.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.code} — {w.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={ids.decideBy}>{t('editor.decideBy')}</label>
              <input
                id={ids.decideBy}
                type="date"
                value={state.decideBy}
                onChange={(e) => update('decideBy', e.target.value)}
              />
            </div>
          </div>

          <div className="field">
            <label htmlFor={ids.title}>{t('editor.title')}</label>
            <input
              id={ids.title}
              type="text"
              maxLength={200}
              required
              value={state.title}
              onChange={(e) => update('title', e.target.value)}
            />
          </div>

          <div className="field">
            <div className="body-head">
              <label htmlFor={ids.body}>{t('editor.body')}</label>
              <div className="segmented">
                <button
                  type="button"
                  className="button button-small"
                  aria-pressed={!preview}
                  onClick={() => setPreview(false)}
                >
                  {t('editor.write')}
                </button>
                <button
                  type="button"
                  className="button button-small"
                  aria-pressed={preview}
                  onClick={() => setPreview(true)}
                >
                  {t('editor.preview')}
                </button>
              </div>
            </div>
            {preview ? (
              <section className="editor-preview" aria-label={t('editor.preview')}>
                {state.body.trim() ? (
                  <Markdown source={state.body} />
                ) : (
                  <p className="muted">{t('editor.previewEmpty')}</p>
                )}
              </section>
            ) : (
              <textarea
                id={ids.body}
                rows={12}
                value={state.body}
                aria-describedby={ids.bodyHelp}
                onChange={(e) => update('body', e.target.value)}
              />
            )}
            <p className="field-help" id={ids.bodyHelp}>
              {t('editor.bodyHelp')}
            </p>
          </div>

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
            <div className="field">
              <label htmlFor={ids.note}>{t('editor.note')}</label>
              <input
                id={ids.note}
                type="text"
                maxLength={2000}
                value={state.note}
                onChange={(e) => update('note', e.target.value)}
              />
              <p className="field-help">{t('editor.noteHelp')}</p>
            </div>
          ) : null}
        </div>

        <aside className="editor-side" aria-label={t('guardrail.title')}>
          <GuardrailPanel
            result={guardrails}
            items={screened}
            type={state.type}
            id={ids.guardrails}
          />
          <p className="field-help">
            {mode === 'revise' ? t('editor.reviseHelp') : t('editor.saveHelp')}
          </p>
        </aside>
      </div>

      <div className="form-actions editor-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('common.saving') : submitLabel}
        </button>
        <Link to={view ? `/proposals/${view.id}` : '/proposals'} className="button button-quiet">
          {t('common.cancel')}
        </Link>
      </div>
      <div className="form-error-slot">
        <ActionError error={mutation.error} />
      </div>
    </form>
  )
}

type SetState = (next: EditorState | ((previous: EditorState) => EditorState)) => void

function ImpactStatements({
  items,
  state,
  setState,
  guardrails,
}: {
  items: CharterItem[]
  state: EditorState
  setState: SetState
  guardrails: ReturnType<typeof useGuardrails>
}) {
  const { t } = useI18n()
  const findingText = useFindingText()
  const baseId = useId()
  const setImpact = (itemId: string, impact: 'none' | 'touches') =>
    setState((s) => ({
      ...s,
      impacts: {
        ...s.impacts,
        [itemId]: { impact, explanation: s.impacts[itemId]?.explanation ?? '' },
      },
    }))
  const setExplanation = (itemId: string, explanation: string) =>
    setState((s) => ({
      ...s,
      impacts: {
        ...s.impacts,
        [itemId]: { impact: s.impacts[itemId]?.impact ?? 'touches', explanation },
      },
    }))
  return (
    <fieldset className="fieldset impacts">
      <legend>{t('editor.impacts')}</legend>
      <p className="field-help">{t('editor.impactsHelp')}</p>
      {items.length === 0 ? <p className="muted">{t('editor.noGuardrailItems')}</p> : null}
      <ul className="impact-list">
        {items.map((item) => {
          const statement = state.impacts[item.id]
          const hits = guardrails.hits.filter((h) => h.itemId === item.id)
          const findings = guardrails.findings.filter(
            (f) => f.itemId === item.id && f.rule !== 'impact_missing',
          )
          const flagId = `${baseId}-${item.code}-flag`
          const explanationId = `${baseId}-${item.code}-explanation`
          const flagged = hits.length > 0 || findings.length > 0
          return (
            <li
              key={item.id}
              className={`impact-row impact-row-${item.kind}${flagged ? ' impact-row-flagged' : ''}`}
              data-item={item.code}
            >
              <fieldset className="impact-choice" aria-describedby={flagged ? flagId : undefined}>
                <legend>
                  <span className={`badge badge-${item.kind}`}>
                    {item.kind === 'constraint'
                      ? t('charter.badge.constraint')
                      : t('charter.badge.stance')}
                  </span>{' '}
                  <span className="code">{item.code}</span> {item.title}
                </legend>
                <div className="radio-row">
                  {(['none', 'touches'] as const).map((impact) => (
                    <label key={impact} className="radio">
                      <input
                        type="radio"
                        name={`${baseId}-${item.code}`}
                        value={impact}
                        checked={statement?.impact === impact}
                        onChange={() => setImpact(item.id, impact)}
                      />
                      {t(`editor.impact.${impact}`)}
                    </label>
                  ))}
                </div>
              </fieldset>
              {statement?.impact === 'touches' ? (
                <div className="field">
                  <label htmlFor={explanationId}>
                    {t('editor.explanation', { code: item.code })}
                  </label>
                  <textarea
                    id={explanationId}
                    rows={3}
                    value={statement.explanation}
                    onChange={(e) => setExplanation(item.id, e.target.value)}
                  />
                </div>
              ) : null}
              {flagged ? (
                <div id={flagId} className="impact-flag">
                  {hits.length > 0 ? (
                    <p className="impact-flag-hit">
                      <span aria-hidden="true">⚑ </span>
                      {t('guardrail.mentions', {
                        terms: hits.map((h) => `“${h.term}”`).join(', '),
                      })}
                    </p>
                  ) : null}
                  {findings.map((f) => (
                    <p key={f.rule} className="impact-flag-finding">
                      {findingText(f, state.type, item.kind)}
                    </p>
                  ))}
                </div>
              ) : null}
            </li>
          )
        })}
      </ul>
    </fieldset>
  )
}

const LINK_KINDS: CharterKind[] = ['area', 'objective', 'market', 'constraint', 'stance']

function CharterLinks({
  items,
  state,
  setState,
}: {
  items: CharterItem[]
  state: EditorState
  setState: SetState
}) {
  const { t } = useI18n()
  const toggle = (id: string, on: boolean) =>
    setState((s) => ({
      ...s,
      charterItemIds: on ? [...s.charterItemIds, id] : s.charterItemIds.filter((x) => x !== id),
    }))
  return (
    <fieldset className="fieldset">
      <legend>{t('editor.charterLinks')}</legend>
      <p className="field-help">{t('editor.charterLinksHelp')}</p>
      {LINK_KINDS.map((kind) => {
        const ofKind = items.filter(
          (i) => i.kind === kind && (i.status === 'active' || state.charterItemIds.includes(i.id)),
        )
        if (ofKind.length === 0) return null
        return (
          <div key={kind} className="link-group">
            <p className="label">{t(`charter.kind.${kind}` as MessageKey)}</p>
            <div className="checkbox-grid checkbox-grid-wide">
              {ofKind.map((item) => (
                <label key={item.id} className="checkbox">
                  <input
                    type="checkbox"
                    checked={state.charterItemIds.includes(item.id)}
                    onChange={(e) => toggle(item.id, e.target.checked)}
                  />
                  <span>
                    <span className="code">{item.code}</span> {item.title}
                  </span>
                </label>
              ))}
            </div>
          </div>
        )
      })}
    </fieldset>
  )
}

function Supersedes({
  decisions,
  state,
  setState,
}: {
  decisions: DecisionListItem[]
  state: EditorState
  setState: SetState
}) {
  const { t } = useI18n()
  const toggle = (id: string, on: boolean) =>
    setState((s) => ({
      ...s,
      supersedes: on ? [...s.supersedes, id] : s.supersedes.filter((x) => x !== id),
    }))
  return (
    <fieldset className="fieldset">
      <legend>{t('editor.supersedes')}</legend>
      <p className="field-help">{t('editor.supersedesHelp')}</p>
      {decisions.length === 0 ? (
        <p className="muted">{t('editor.noActiveDecisions')}</p>
      ) : (
        <div className="checkbox-list">
          {decisions.map((d) => (
            <label key={d.id} className="checkbox">
              <input
                type="checkbox"
                checked={state.supersedes.includes(d.id)}
                onChange={(e) => toggle(d.id, e.target.checked)}
              />
              <span>
                <span className="code">{d.code}</span> {d.title}
              </span>
            </label>
          ))}
        </div>
      )}
    </fieldset>
  )
}

function AmendmentChanges({
  items,
  state,
  setState,
}: {
  items: CharterItem[]
  state: EditorState
  setState: SetState
}) {
  const { t } = useI18n()
  const add = (op: ChangeDraft['op']) =>
    setState((s) => ({ ...s, changes: [...s.changes, newChange(op)] }))
  const patch = (key: string, values: Partial<ChangeDraft>) =>
    setState((s) => ({
      ...s,
      changes: s.changes.map((c) => (c.key === key ? { ...c, ...values } : c)),
    }))
  const remove = (key: string) =>
    setState((s) => ({ ...s, changes: s.changes.filter((c) => c.key !== key) }))
  const active = items.filter((i) => i.status === 'active')
  return (
    <fieldset className="fieldset amendment">
      <legend>{t('editor.amendment')}</legend>
      <p className="field-help">{t('editor.amendmentHelp')}</p>
      {state.changes.length === 0 ? (
        <p className="muted">{t('editor.noChanges')}</p>
      ) : (
        <ol className="change-list">
          {state.changes.map((change, index) => (
            <li key={change.key} className="change-row">
              <ChangeEditor
                change={change}
                index={index}
                items={active}
                onChange={(values) => patch(change.key, values)}
                onRemove={() => remove(change.key)}
              />
            </li>
          ))}
        </ol>
      )}
      <div className="inline-controls">
        <button type="button" className="button" onClick={() => add('add')}>
          {t('editor.change.addItem')}
        </button>
        <button type="button" className="button" onClick={() => add('change')}>
          {t('editor.change.changeItem')}
        </button>
        <button type="button" className="button" onClick={() => add('retire')}>
          {t('editor.change.retireItem')}
        </button>
      </div>
    </fieldset>
  )
}

function ChangeEditor({
  change,
  index,
  items,
  onChange,
  onRemove,
}: {
  change: ChangeDraft
  index: number
  items: CharterItem[]
  onChange: (values: Partial<ChangeDraft>) => void
  onRemove: () => void
}) {
  const { t } = useI18n()
  const id = useId()
  const heading = t(`editor.change.op.${change.op}`, { n: index + 1 })
  const pickItem = (itemId: string) => {
    const item = items.find((i) => i.id === itemId)
    // A change starts from the item as it stands, so only what the author edits differs.
    onChange(
      change.op === 'change' && item
        ? {
            itemId,
            title: item.title,
            statement: item.statement,
            termsEn: item.screeningTerms.en.join(', '),
            termsJa: item.screeningTerms.ja.join('、'),
          }
        : { itemId },
    )
  }
  return (
    <div className="change-editor">
      <div className="change-head">
        <h4>{heading}</h4>
        <button
          type="button"
          className="button button-quiet button-small"
          onClick={onRemove}
          aria-label={t('editor.change.removeLabel', { n: index + 1 })}
        >
          {t('editor.change.remove')}
        </button>
      </div>
      {change.op === 'add' ? (
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-kind`}>{t('editor.change.kind')}</label>
            <select
              id={`${id}-kind`}
              value={change.kind}
              onChange={(e) => onChange({ kind: e.target.value as CharterKind })}
            >
              {CHARTER_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`editor.kind.${kind}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-code`}>{t('editor.change.code')}</label>
            <input
              id={`${id}-code`}
              type="text"
              value={change.code}
              placeholder="ST-2"
              aria-describedby={`${id}-code-help`}
              onChange={(e) => onChange({ code: e.target.value.toUpperCase() })}
            />
            <p className="field-help" id={`${id}-code-help`}>
              {t('editor.change.codeHelp')}
            </p>
          </div>
        </div>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-item`}>{t('editor.change.item')}</label>
          <select
            id={`${id}-item`}
            value={change.itemId}
            onChange={(e) => pickItem(e.target.value)}
          >
            <option value="">{t('editor.change.chooseItem')}</option>
            {items.map((item) => (
              <option key={item.id} value={item.id}>
                {item.code} — {item.title}
              </option>
            ))}
          </select>
        </div>
      )}
      {change.op !== 'retire' && (change.op === 'add' || change.itemId) ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-title`}>{t('editor.change.title')}</label>
            <input
              id={`${id}-title`}
              type="text"
              value={change.title}
              onChange={(e) => onChange({ title: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-statement`}>{t('editor.change.statement')}</label>
            <textarea
              id={`${id}-statement`}
              rows={3}
              value={change.statement}
              onChange={(e) => onChange({ statement: e.target.value })}
            />
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${id}-en`}>{t('editor.change.termsEn')}</label>
              <input
                id={`${id}-en`}
                type="text"
                lang="en"
                value={change.termsEn}
                aria-describedby={`${id}-terms-help`}
                onChange={(e) => onChange({ termsEn: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-ja`}>{t('editor.change.termsJa')}</label>
              <input
                id={`${id}-ja`}
                type="text"
                lang="ja"
                value={change.termsJa}
                aria-describedby={`${id}-terms-help`}
                onChange={(e) => onChange({ termsJa: e.target.value })}
              />
            </div>
          </div>
          <p className="field-help" id={`${id}-terms-help`}>
            {t('editor.change.termsHelp')}
          </p>
        </>
      ) : null}
    </div>
  )
}
