/** An amendment's changes to the charter: add an item, change one, retire one. */
import { useId } from 'react'
import { CHARTER_KINDS, type CharterKind } from '../../../../shared/charter'
import { type MessageKey, useI18n } from '../../i18n'
import { Fieldset, SelectField, TextField } from '../../ui/fields'
import { useLocalText } from '../../ui/local-text'
import { type ChangeDraft, type ItemsPart, newChange } from './editor-state'
import type { CharterItem } from './types'

/** The screening terms of an item, one field per language. */
const TERMS = [
  { lang: 'en', key: 'termsEn', label: 'editor.change.termsEn' },
  { lang: 'ja', key: 'termsJa', label: 'editor.change.termsJa' },
] as const

/** The title and statement, one column per language: either may stay empty, not both. */
const LANGUAGES = [
  { lang: 'en', title: 'title', statement: 'statement', label: 'editor.change.inEnglish' },
  { lang: 'ja', title: 'titleJa', statement: 'statementJa', label: 'editor.change.inJapanese' },
] as const

export function AmendmentChanges({ items, state, setState }: ItemsPart) {
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
    <Fieldset
      className="fieldset amendment"
      legend={t('editor.amendment')}
      help={t('editor.amendmentHelp')}
    >
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
    </Fieldset>
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
  const local = useLocalText()
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
            titleJa: item.titleJa ?? '',
            statementJa: item.statementJa ?? '',
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
          <SelectField
            label={t('editor.change.kind')}
            value={change.kind}
            onChange={(kind) => onChange({ kind: kind as CharterKind })}
            options={CHARTER_KINDS.map((kind) => ({
              value: kind,
              label: t(`editor.kind.${kind}` as MessageKey),
            }))}
          />
          <TextField
            label={t('editor.change.code')}
            value={change.code}
            placeholder="ST-2"
            help={t('editor.change.codeHelp')}
            onChange={(code) => onChange({ code: code.toUpperCase() })}
          />
        </div>
      ) : (
        <SelectField
          label={t('editor.change.item')}
          value={change.itemId}
          onChange={pickItem}
          empty={t('editor.change.chooseItem')}
          options={items.map((item) => ({
            value: item.id,
            label: `${item.code} — ${local(item.title, item.titleJa)}`,
          }))}
        />
      )}
      {change.op !== 'retire' && (change.op === 'add' || change.itemId) ? (
        <>
          <p className="field-help" id={`${id}-languages-help`}>
            {t('editor.change.languagesHelp')}
          </p>
          <div className="field-row">
            {LANGUAGES.map(({ lang, title, statement, label }) => (
              <div key={lang} className="change-language">
                <TextField
                  label={`${t('editor.change.title')} (${t(label)})`}
                  lang={lang}
                  value={change[title]}
                  describedBy={`${id}-languages-help`}
                  onChange={(value) => onChange({ [title]: value })}
                />
                <TextField
                  label={`${t('editor.change.statement')} (${t(label)})`}
                  lang={lang}
                  rows={3}
                  value={change[statement]}
                  describedBy={`${id}-languages-help`}
                  onChange={(value) => onChange({ [statement]: value })}
                />
              </div>
            ))}
          </div>
          <div className="field-row">
            {TERMS.map(({ lang, key, label }) => (
              <TextField
                key={lang}
                label={t(label)}
                lang={lang}
                value={change[key]}
                describedBy={`${id}-terms-help`}
                onChange={(value) => onChange({ [key]: value })}
              />
            ))}
          </div>
          <p className="field-help" id={`${id}-terms-help`}>
            {t('editor.change.termsHelp')}
          </p>
        </>
      ) : null}
    </div>
  )
}
