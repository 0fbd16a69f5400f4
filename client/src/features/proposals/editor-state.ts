/** The editor's form state and its translation to and from the API's proposal content. */
import { CHARTER_KINDS, type CharterKind } from '../../../../shared/charter'
import type { AmendmentChange, ProposalContent } from '../../../../shared/schemas/proposal'
import type { ImpactStatement } from '../../../../shared/screening'
import type { CharterItem, CharterView, ProposalView } from './types'

export type ProposalType = 'decision' | 'amendment'

/** One change of an amendment as the form holds it: flat, so every input has a string to edit. */
export interface ChangeDraft {
  key: string
  op: 'add' | 'change' | 'retire'
  kind: CharterKind
  code: string
  itemId: string
  /** English and Japanese: either may stay empty, not both (ADR 0023) */
  title: string
  statement: string
  titleJa: string
  statementJa: string
  /** comma-separated, as typed */
  termsEn: string
  termsJa: string
}

export interface EditorState {
  type: ProposalType
  workstreamId: string
  title: string
  body: string
  charterItemIds: string[]
  /** itemId → the stated impact; an item not in here has no statement yet */
  impacts: Record<string, { impact: 'none' | 'touches'; explanation: string }>
  supersedes: string[]
  decideBy: string
  changes: ChangeDraft[]
  /** what changed, for a revision */
  note: string
  /** the author changed something: only such a saved draft is worth restoring */
  dirty: boolean
}

export const EMPTY_EDITOR: EditorState = {
  type: 'decision',
  workstreamId: '',
  title: '',
  body: '',
  charterItemIds: [],
  impacts: {},
  supersedes: [],
  decideBy: '',
  changes: [],
  note: '',
  dirty: false,
}

let counter = 0
export function newChange(op: ChangeDraft['op']): ChangeDraft {
  counter += 1
  return {
    key: `${Date.now().toString(36)}-${counter}`,
    op,
    kind: 'area',
    code: '',
    itemId: '',
    title: '',
    statement: '',
    titleJa: '',
    statementJa: '',
    termsEn: '',
    termsJa: '',
  }
}

export function splitTerms(text: string): string[] {
  return text
    .split(/[,、，\n]/)
    .map((x) => x.trim())
    .filter(Boolean)
}

export function impactList(state: EditorState): ImpactStatement[] {
  return Object.entries(state.impacts).map(([itemId, s]) => ({
    itemId,
    impact: s.impact,
    explanation: s.explanation,
  }))
}

/** A language's text as typed: an empty field is "not written in this language". */
const written = (text: string) => (text.trim() === '' ? undefined : text)

function changeOf(draft: ChangeDraft, items: readonly CharterItem[]): AmendmentChange {
  if (draft.op === 'add') {
    return {
      op: 'add',
      kind: draft.kind,
      code: draft.code.trim(),
      title: written(draft.title),
      statement: written(draft.statement),
      titleJa: written(draft.titleJa),
      statementJa: written(draft.statementJa),
      screeningTerms: { en: splitTerms(draft.termsEn), ja: splitTerms(draft.termsJa) },
    }
  }
  if (draft.op === 'retire') return { op: 'retire', itemId: draft.itemId }
  // A change sends only what differs from the item as it stands.
  const item = items.find((i) => i.id === draft.itemId)
  const en = splitTerms(draft.termsEn)
  const ja = splitTerms(draft.termsJa)
  const termsChanged =
    !item ||
    en.join('\n') !== item.screeningTerms.en.join('\n') ||
    ja.join('\n') !== item.screeningTerms.ja.join('\n')
  return {
    op: 'change',
    itemId: draft.itemId,
    title: !item || draft.title !== item.title ? written(draft.title) : undefined,
    statement: !item || draft.statement !== item.statement ? written(draft.statement) : undefined,
    titleJa: !item || draft.titleJa !== (item.titleJa ?? '') ? written(draft.titleJa) : undefined,
    statementJa:
      !item || draft.statementJa !== (item.statementJa ?? '')
        ? written(draft.statementJa)
        : undefined,
    screeningTerms: termsChanged ? { en, ja } : undefined,
  }
}

export function toContent(state: EditorState, items: readonly CharterItem[]): ProposalContent {
  return {
    title: state.title,
    body: state.body,
    workstreamId: state.workstreamId || null,
    charterItemIds: state.charterItemIds,
    impacts: impactList(state),
    supersedes: state.supersedes,
    amendment:
      state.type === 'amendment' && state.changes.length > 0
        ? { changes: state.changes.map((c) => changeOf(c, items)) }
        : null,
    decideBy: state.decideBy || null,
  }
}

/** The form for editing a draft or revising: the proposal's current revision. */
export function fromView(view: ProposalView, items: readonly CharterItem[]): EditorState {
  const r = view.revision
  const changes: ChangeDraft[] = (r.amendment?.changes ?? []).map((c) => {
    const base = newChange(c.op)
    if (c.op === 'add') {
      return {
        ...base,
        kind: c.kind,
        code: c.code,
        title: c.title ?? '',
        statement: c.statement ?? '',
        titleJa: c.titleJa ?? '',
        statementJa: c.statementJa ?? '',
        termsEn: c.screeningTerms.en.join(', '),
        termsJa: c.screeningTerms.ja.join('、'),
      }
    }
    const item = items.find((i) => i.id === c.itemId)
    if (c.op === 'retire') return { ...base, itemId: c.itemId }
    return {
      ...base,
      itemId: c.itemId,
      title: c.title ?? item?.title ?? '',
      statement: c.statement ?? item?.statement ?? '',
      titleJa: c.titleJa ?? item?.titleJa ?? '',
      statementJa: c.statementJa ?? item?.statementJa ?? '',
      termsEn: (c.screeningTerms?.en ?? item?.screeningTerms.en ?? []).join(', '),
      termsJa: (c.screeningTerms?.ja ?? item?.screeningTerms.ja ?? []).join('、'),
    }
  })
  return {
    type: view.type,
    workstreamId: r.workstreamId ?? '',
    title: r.title,
    body: r.body,
    charterItemIds: r.charterItemIds,
    impacts: Object.fromEntries(
      r.impacts.map((i) => [i.itemId, { impact: i.impact, explanation: i.explanation }]),
    ),
    supersedes: r.supersedes,
    decideBy: r.decideBy ?? '',
    changes,
    note: '',
    dirty: false,
  }
}

/** What each part of the editor is given: the form's state and the way to change it. */
export interface EditorPart {
  state: EditorState
  setState: SetState
}

/** The parts that work over the charter's items. */
export type ItemsPart = EditorPart & { items: CharterItem[] }

/** How the editor's parts update the form's state: a value, or a function of the previous one. */
export type SetState = (next: EditorState | ((previous: EditorState) => EditorState)) => void

/** Every charter item, of every kind, in the charter's order. */
export function allItems(charter: CharterView): CharterItem[] {
  return CHARTER_KINDS.flatMap((kind) => charter.items[kind])
}
