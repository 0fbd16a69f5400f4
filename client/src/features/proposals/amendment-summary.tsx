/** An amendment's changes to the charter, as a list a reader can follow. */
import { CHARTER_KINDS } from '../../../../shared/charter'
import type { AmendmentChange } from '../../../../shared/schemas/proposal'
import { type Language, type MessageKey, useI18n } from '../../i18n'
import { LocalText } from '../../ui/local-text'
import type { CharterItem, CharterView } from './types'

export function itemsById(charter: CharterView | undefined): Map<string, CharterItem> {
  const map = new Map<string, CharterItem>()
  if (charter)
    for (const kind of CHARTER_KINDS) for (const i of charter.items[kind]) map.set(i.id, i)
  return map
}

/**
 * The text a change writes, in every language it was written in (the reader's first), each marked
 * with its language: what the parties sign is both, not the one the reader happens to see.
 */
function WrittenText({
  en,
  ja,
  block,
}: {
  en: string | undefined
  ja: string | undefined
  block?: boolean
}) {
  const { t, lang } = useI18n()
  const order: Language[] = lang === 'ja' ? ['ja', 'en'] : ['en', 'ja']
  const text = { en, ja }
  return (
    <>
      {order.map((l) =>
        text[l] ? (
          <span key={l} className={block ? 'written-text pre-wrap' : 'written-text'}>
            <small className="lang-mark">{t(`localText.${l}`)}</small>{' '}
            <span lang={l}>{text[l]}</span>
          </span>
        ) : null,
      )}
    </>
  )
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
              <span className="code">{c.code}</span> <LocalText en={c.title} ja={c.titleJa} />
              <dl className="facts">
                <dt>{t('editor.change.title')}</dt>
                <dd>
                  <WrittenText en={c.title} ja={c.titleJa} />
                </dd>
                <dt>{t('editor.change.statement')}</dt>
                <dd>
                  <WrittenText en={c.statement} ja={c.statementJa} block />
                </dd>
              </dl>
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
        const label = item ? (
          <>
            <span className="code">{item.code}</span>{' '}
            <LocalText en={item.title} ja={item.titleJa} />
          </>
        ) : (
          c.itemId
        )
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
              {c.title !== undefined || c.titleJa !== undefined ? (
                <>
                  <dt>{t('editor.change.title')}</dt>
                  <dd>
                    <WrittenText en={c.title} ja={c.titleJa} />
                  </dd>
                </>
              ) : null}
              {c.statement !== undefined || c.statementJa !== undefined ? (
                <>
                  <dt>{t('editor.change.statement')}</dt>
                  <dd>
                    <WrittenText en={c.statement} ja={c.statementJa} block />
                  </dd>
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
