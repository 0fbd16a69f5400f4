import { useI18n } from '../../i18n'
import { ScrollRegion } from '../../ui/scroll-region'
import './audit.css'

type Flat = Map<string, unknown>

/** Nested objects as dotted paths ("reviews.0.party"), so a change reads as one line. */
function flatten(value: unknown, prefix = '', out: Flat = new Map()): Flat {
  if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      flatten(inner, prefix ? `${prefix}.${key}` : key, out)
    }
  } else if (prefix) {
    out.set(prefix, value)
  }
  return out
}

function show(value: unknown): string {
  if (value === undefined) return ''
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}

export interface DiffRow {
  key: string
  kind: 'added' | 'removed' | 'changed'
  before: string
  after: string
}

/** The fields that differ between before and after; a creation lists every field as added. */
export function diffPayload(before: unknown, after: unknown): DiffRow[] {
  const a = flatten(before ?? {})
  const b = flatten(after ?? {})
  const keys = [...new Set([...a.keys(), ...b.keys()])]
  const rows: DiffRow[] = []
  for (const key of keys) {
    const had = a.has(key)
    const has = b.has(key)
    const x = show(a.get(key))
    const y = show(b.get(key))
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

export function EventDiff({
  payload,
  redacted,
  payloadHash,
}: {
  payload: unknown
  redacted: boolean
  payloadHash: string
}) {
  const { t } = useI18n()
  if (redacted) {
    return (
      <p className="event-hidden">
        {t('audit.event.hidden')} <code className="hash">{payloadHash}</code>
      </p>
    )
  }
  const { before, after } = (payload ?? {}) as { before?: unknown; after?: unknown }
  const rows = diffPayload(before, after)
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
              <th scope="row">
                <code>{row.key}</code>
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
