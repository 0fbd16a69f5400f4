import { type MessageKey, useI18n } from '../../i18n'
import type { RouterOutputs } from '../../trpc'
import { ScrollRegion } from '../../ui/scroll-region'
import './audit.css'

type Flat = Map<string, unknown>

/** What the ids on a ledger page name (audit.list's `refs`): codes, names. */
export type Refs = RouterOutputs['audit']['list']['refs']

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** An id nothing names for this viewer, shortened: enough to tell two apart, not a raw UUID. */
export function shortId(id: string): string {
  return UUID.test(id) ? `${id.slice(0, 8)}…` : id
}

/**
 * Nested objects as dotted paths ("reviews.0.party"), so a change reads as one line. A list of
 * plain values (ids, roles) stays one field: "Charter items: CON-1, CON-2", not one row each.
 */
function flatten(value: unknown, prefix = '', out: Flat = new Map()): Flat {
  const plainList = Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')
  if (!plainList && value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      flatten(inner, prefix ? `${prefix}.${key}` : key, out)
    }
  } else if (prefix) {
    out.set(prefix, value)
  }
  return out
}

function show(value: unknown, refs: Refs): string {
  if (value === undefined) return ''
  if (typeof value === 'string') {
    const ref = refs[value.toLowerCase()]
    if (!ref) return shortId(value)
    return ref.kind === 'user' && ref.party ? `${ref.label} (${ref.party})` : ref.label
  }
  if (Array.isArray(value)) return value.map((v) => show(v, refs)).join(', ')
  return JSON.stringify(value)
}

export interface DiffRow {
  key: string
  kind: 'added' | 'removed' | 'changed'
  before: string
  after: string
}

/** The fields that differ between before and after; a creation lists every field as added. */
export function diffPayload(before: unknown, after: unknown, refs: Refs = {}): DiffRow[] {
  const a = flatten(before ?? {})
  const b = flatten(after ?? {})
  const keys = [...new Set([...a.keys(), ...b.keys()])]
  const rows: DiffRow[] = []
  for (const key of keys) {
    const had = a.has(key)
    const has = b.has(key)
    const x = show(a.get(key), refs)
    const y = show(b.get(key), refs)
    if (had && has && x === y) continue
    rows.push({
      key,
      kind: had && has ? 'changed' : has ? 'added' : 'removed',
      before: x,
      after: y,
    })
  }
  return rows
}

/** Field names the ledger's payloads use, in words (shared/ledger-events.ts); others stay as they are. */
const FIELDS: Record<string, MessageKey> = {
  charterItemIds: 'audit.field.charterItems',
  itemId: 'audit.field.charterItem',
  workstreamId: 'audit.field.workstream',
  proposalId: 'audit.field.proposal',
  proposal: 'audit.field.proposalCode',
  decisionId: 'audit.field.decision',
  supersedes: 'audit.field.supersedes',
  supersededBy: 'audit.field.supersededBy',
  reviewers: 'audit.field.reviewers',
  userId: 'audit.field.person',
  content: 'audit.field.content',
  title: 'audit.field.title',
  body: 'audit.field.body',
  state: 'audit.field.state',
  status: 'audit.field.status',
  revision: 'audit.field.revision',
  code: 'audit.field.code',
  verdict: 'audit.field.verdict',
  rationale: 'audit.field.rationale',
  comment: 'audit.field.comment',
  note: 'audit.field.note',
  reason: 'audit.field.reason',
  party: 'audit.field.party',
  roles: 'audit.field.roles',
  impacts: 'audit.field.impacts',
  decideBy: 'audit.field.decideBy',
  effectiveDate: 'audit.field.effectiveDate',
  visibility: 'audit.field.visibility',
  name: 'audit.field.name',
}

/** A field's dotted path in words: "content.charterItemIds" → "Content › Charter items". */
function useFieldLabel() {
  const { t } = useI18n()
  return (key: string) =>
    key
      .split('.')
      .map((part) => {
        if (/^\d+$/.test(part)) return `#${Number(part) + 1}`
        const known = FIELDS[part]
        return known ? t(known) : part
      })
      .join(' › ')
}

export function EventDiff({
  payload,
  redacted,
  payloadHash,
  refs = {},
}: {
  payload: unknown
  redacted: boolean
  payloadHash: string
  refs?: Refs
}) {
  const { t } = useI18n()
  const fieldLabel = useFieldLabel()
  if (redacted) {
    return (
      <p className="event-hidden">
        {t('audit.event.hidden')} <code className="hash">{payloadHash}</code>
      </p>
    )
  }
  const { before, after } = (payload ?? {}) as { before?: unknown; after?: unknown }
  const rows = diffPayload(before, after, refs)
  if (rows.length === 0) return <p className="muted event-nochange">{t('audit.event.noChange')}</p>
  return (
    <ScrollRegion label={t('audit.event.changes')}>
      <table className="diff-table">
        <caption className="visually-hidden">{t('audit.event.changes')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.event.field')}</th>
            <th scope="col">{t('audit.event.before')}</th>
            <th scope="col">{t('audit.event.after')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className={`diff-${row.kind}`}>
              <th scope="row" title={row.key}>
                {fieldLabel(row.key)}
              </th>
              <td className="diff-before">
                {row.kind === 'added' ? <span className="muted">—</span> : <del>{row.before}</del>}
              </td>
              <td className="diff-after">
                <span className="diff-arrow" aria-hidden="true">
                  →{' '}
                </span>
                {row.kind === 'removed' ? <span className="muted">—</span> : <ins>{row.after}</ins>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  )
}
