import { useId, useState } from 'react'
import { useI18n } from '../../i18n'
import { Markdown } from '../../ui/markdown'

/** The body in Markdown: written in a textarea, or previewed as it will read. */
export function BodyField({
  value,
  onChange,
}: {
  value: string
  onChange: (value: string) => void
}) {
  const { t } = useI18n()
  const [preview, setPreview] = useState(false)
  const id = useId()
  return (
    <div className="field">
      <div className="body-head">
        <label htmlFor={id}>{t('editor.body')}</label>
        <div className="segmented">
          {[false, true].map((on) => (
            <button
              key={String(on)}
              type="button"
              className="button button-small"
              aria-pressed={preview === on}
              onClick={() => setPreview(on)}
            >
              {on ? t('editor.preview') : t('editor.write')}
            </button>
          ))}
        </div>
      </div>
      {preview ? (
        <section className="editor-preview" aria-label={t('editor.preview')}>
          {value.trim() ? (
            <Markdown source={value} />
          ) : (
            <p className="muted">{t('editor.previewEmpty')}</p>
          )}
        </section>
      ) : (
        <textarea
          id={id}
          rows={12}
          value={value}
          aria-describedby={`${id}-help`}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      <p className="field-help" id={`${id}-help`}>
        {t('editor.bodyHelp')}
      </p>
    </div>
  )
}
