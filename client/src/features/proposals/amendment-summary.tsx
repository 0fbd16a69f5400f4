/** An amendment's changes to the charter, as a list a reader can follow. */
import { CHARTER_KINDS } from '../../../../shared/charter'
import type { AmendmentChange } from '../../../../shared/schemas/proposal'
import { type MessageKey, useI18n } from '../../i18n'
import type { CharterItem, CharterView } from './types'

export function itemsById(charter: CharterView | undefined): Map<string, CharterItem> {
  const map = new Map<string, CharterItem>()
  if (charter)
    for (const kind of CHARTER_KINDS) for (const i of charter.items[kind]) map.set(i.id, i)
  return map
}

export function AmendmentSummary({
  changes,
  byId,
}: {
  changes: AmendmentChange[]
  byId: Map<string, CharterItem>
}) {
  const { t } = useI18n()
  return (
    <ol className="amendment-summary">
      {changes.map((c, index) => {
        if (c.op === 'add') {
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: changes are an ordered list without ids
            <li key={index}>
              <strong>{t('proposal.change.add')}</strong> {t(`editor.kind.${c.kind}` as MessageKey)}{' '}
              <span className="code">{c.code}</span> {c.title}
              <p className="pre-wrap">{c.statement}</p>
              {c.screeningTerms.en.length + c.screeningTerms.ja.length > 0 ? (
                <p className="meta">
                  {t('charter.terms')}:{' '}
                  {[...c.screeningTerms.en, ...c.screeningTerms.ja].join(', ')}
                </p>
              ) : null}
            </li>
          )
        }
        const item = byId.get(c.itemId)
        const label = item ? `${item.code} ${item.title}` : c.itemId
        if (c.op === 'retire') {
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: as above
            <li key={index}>
              <strong>{t('proposal.change.retire')}</strong> {label}
            </li>
          )
        }
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <li key={index}>
            <strong>{t('proposal.change.change')}</strong> {label}
            <dl className="facts">
              {c.title !== undefined ? (
                <>
                  <dt>{t('editor.change.title')}</dt>
                  <dd>{c.title}</dd>
                </>
              ) : null}
              {c.statement !== undefined ? (
                <>
                  <dt>{t('editor.change.statement')}</dt>
                  <dd className="pre-wrap">{c.statement}</dd>
                </>
              ) : null}
              {c.screeningTerms ? (
                <>
                  <dt>{t('charter.terms')}</dt>
                  <dd>{[...c.screeningTerms.en, ...c.screeningTerms.ja].join(', ') || '—'}</dd>
                </>
              ) : null}
            </dl>
          </li>
        )
      })}
    </ol>
  )
}
