/**
 * Grounded concerns (issue 14, ADR 0031): the raise form's grounds picker and "what would resolve
 * it", and the lines every reader sees under a concern (grounds, revision raised on, who holds it).
 * The vocabulary is shared/concern-grounds.ts, the same the server checks.
 */
import { useQuery } from '@tanstack/react-query'
import { inLanguage } from '../../../../shared/charter'
import {
  CONCERN_GROUND_KINDS,
  type ConcernGroundKind,
  isPolicyClause,
  POLICY_CLAUSES,
  type PolicyClause,
} from '../../../../shared/concern-grounds'
import { type MessageKey, useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import { useTRPC } from '../../trpc'
import { Fieldset, RadioGroup, SelectField, TextField } from '../../ui/fields'
import './concern-grounds.css'

export interface GroundsDraft {
  kind: ConcernGroundKind
  ref: string
  text: string
  resolvesWhen: string
}

export const EMPTY_GROUNDS: GroundsDraft = {
  kind: 'charter_item',
  ref: '',
  text: '',
  resolvesWhen: '',
}

const KIND_LABEL: Record<ConcernGroundKind, MessageKey> = {
  charter_item: 'concernGrounds.kind.charter_item',
  policy_clause: 'concernGrounds.kind.policy_clause',
  other: 'concernGrounds.kind.other',
}

const CLAUSE_LABEL: Record<PolicyClause, MessageKey> = {
  review_threshold: 'concernGrounds.clause.review_threshold',
  signoff_eligibility: 'concernGrounds.clause.signoff_eligibility',
  constraint_conflict: 'concernGrounds.clause.constraint_conflict',
  stance_departure: 'concernGrounds.clause.stance_departure',
  impact_statements: 'concernGrounds.clause.impact_statements',
  separation_of_duties: 'concernGrounds.clause.separation_of_duties',
}

/** The input the server takes, from the form's state. */
export function groundsInput(d: GroundsDraft) {
  return {
    grounds: { kind: d.kind, ref: d.kind === 'other' ? '' : d.ref, text: d.text },
    resolvesWhen: d.resolvesWhen,
  }
}

/** The grounds picker: a charter item (the partnership's current ones), a policy clause, or other. */
export function GroundsFields({
  partnershipId,
  value,
  onChange,
}: {
  partnershipId: string
  value: GroundsDraft
  onChange: (next: GroundsDraft) => void
}) {
  const { t, lang } = useI18n()
  const trpc = useTRPC()
  const charter = useQuery(trpc.charter.get.queryOptions({ partnershipId }))
  const items = Object.values(charter.data?.items ?? {})
    .flat()
    .filter((i) => i.status === 'active')
    .sort((a, b) => a.code.localeCompare(b.code))
  const set = (patch: Partial<GroundsDraft>) => onChange({ ...value, ...patch })
  return (
    <>
      <Fieldset legend={t('concernGrounds.legend')} help={t('concernGrounds.help')}>
        <RadioGroup
          name="concern-grounds-kind"
          value={value.kind}
          onChange={(kind) => set({ kind, ref: '' })}
          options={CONCERN_GROUND_KINDS.map((k) => ({ value: k, label: t(KIND_LABEL[k]) }))}
        />
        {value.kind === 'charter_item' ? (
          <SelectField
            label={t('concernGrounds.charterItem')}
            value={value.ref}
            onChange={(ref) => set({ ref })}
            empty={t('concernGrounds.pick')}
            options={items.map((i) => ({
              value: i.code,
              label: `${i.code} — ${inLanguage(lang, i.title, i.titleJa).text}`,
            }))}
          />
        ) : null}
        {value.kind === 'policy_clause' ? (
          <SelectField
            label={t('concernGrounds.policyClause')}
            value={value.ref}
            onChange={(ref) => set({ ref })}
            empty={t('concernGrounds.pick')}
            options={POLICY_CLAUSES.map((c) => ({ value: c, label: t(CLAUSE_LABEL[c]) }))}
          />
        ) : null}
        <TextField
          label={
            value.kind === 'other' ? t('concernGrounds.otherText') : t('concernGrounds.detail')
          }
          rows={2}
          maxLength={2000}
          value={value.text}
          onChange={(text) => set({ text })}
        />
      </Fieldset>
      <TextField
        label={t('concernGrounds.resolvesWhen')}
        help={t('concernGrounds.resolvesWhenHelp')}
        rows={2}
        maxLength={2000}
        value={value.resolvesWhen}
        onChange={(resolvesWhen) => set({ resolvesWhen })}
      />
    </>
  )
}

/** A concern as the proposal page and the decision record have it (server: groundsView). */
export interface GroundedConcern {
  revision: number
  party: string
  raisedBy: { name: string }
  grounds: {
    kind: ConcernGroundKind
    ref: string
    text: string
    item: { code: string; title: string; titleJa: string | null } | null
  }
  groundsStated: boolean
  resolvesWhen: string
  heldBy: 'raiser' | 'party_leads'
  status: string
}

/** The grounds in one line: "Charter item AREA-2 — Battery sharing", a clause's name, or the text. */
export function useGroundsText(): (c: GroundedConcern) => string {
  const { t, lang } = useI18n()
  return (c) => {
    const g = c.grounds
    if (!c.groundsStated) return t('concernGrounds.unstated')
    if (g.kind === 'charter_item')
      return t('concernGrounds.onCharterItem', {
        code: g.ref,
        title: g.item ? inLanguage(lang, g.item.title, g.item.titleJa).text : '',
      })
    if (g.kind === 'policy_clause')
      return t('concernGrounds.onPolicyClause', {
        clause: isPolicyClause(g.ref) ? t(CLAUSE_LABEL[g.ref]) : g.ref,
      })
    return t('concernGrounds.onOther', { text: g.text })
  }
}

/**
 * Under a concern: its grounds, what would resolve it, the revision it was raised on (and, while
 * open, that it still stands on the current one), and who holds it when its raiser left.
 */
export function ConcernGroundsLines({
  concern,
  currentRevision,
}: {
  concern: GroundedConcern
  currentRevision?: number
}) {
  const { t } = useI18n()
  const partyLabel = usePartyLabel()
  const groundsText = useGroundsText()
  const g = concern.grounds
  const carried =
    currentRevision !== undefined && concern.status === 'open' && currentRevision > concern.revision
  return (
    <dl className="concern-grounds">
      <dt>{t('concernGrounds.groundsTerm')}</dt>
      <dd className="concern-grounds-text">
        {groundsText(concern)}
        {g.kind !== 'other' && g.text ? <span className="field-help"> — {g.text}</span> : null}
      </dd>
      {concern.resolvesWhen ? (
        <>
          <dt>{t('concernGrounds.resolvesWhenTerm')}</dt>
          <dd className="concern-resolves-when">{concern.resolvesWhen}</dd>
        </>
      ) : null}
      <dt>{t('concernGrounds.revisionTerm')}</dt>
      <dd className="concern-revision">
        {carried
          ? t('concernGrounds.carried', {
              n: concern.revision,
              current: currentRevision ?? concern.revision,
            })
          : t('concernGrounds.raisedOn', { n: concern.revision })}
      </dd>
      {concern.heldBy === 'party_leads' ? (
        <>
          <dt>{t('concernGrounds.heldTerm')}</dt>
          <dd className="concern-held">
            {t('concernGrounds.heldByLeads', {
              party: partyLabel(concern.party),
              name: concern.raisedBy.name,
            })}
          </dd>
        </>
      ) : null}
    </dl>
  )
}
