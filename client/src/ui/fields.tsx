/**
 * Form controls with their labels: every control has a label tied to it, and a help line is tied
 * to its control for screen readers. The markup (`.field`, `.checkbox`, `.radio`) is the one the
 * stylesheet knows.
 */
import { type ReactNode, useId } from 'react'
import { inLanguage, type TextLang } from '../../../shared/charter'

interface Labelled {
  /** defaults to a generated one */
  id?: string
  label: ReactNode
  help?: ReactNode
  /** the help line's id, when another control refers to it too */
  helpId?: string
  /** extra ids the control is described by (a help line shared with another control) */
  describedBy?: string
}

/** A text input, or with `rows` a textarea. */
export function TextField({
  id,
  label,
  help,
  helpId,
  describedBy,
  value,
  onChange,
  rows,
  type = 'text',
  ...rest
}: Labelled & {
  value: string
  onChange: (value: string) => void
  rows?: number
  type?: 'text' | 'date'
  /** with `type="date"`: the earliest and latest dates the picker offers */
  min?: string
  max?: string
  maxLength?: number
  required?: boolean
  lang?: string
  placeholder?: string
}) {
  const generated = useId()
  const fieldId = id ?? generated
  const hint = help ? (helpId ?? `${fieldId}-help`) : undefined
  const control = {
    id: fieldId,
    value,
    'aria-describedby': [hint, describedBy].filter(Boolean).join(' ') || undefined,
    ...rest,
  }
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      {rows ? (
        <textarea rows={rows} onChange={(e) => onChange(e.target.value)} {...control} />
      ) : (
        <input type={type} onChange={(e) => onChange(e.target.value)} {...control} />
      )}
      {help ? (
        <p className="field-help" id={hint}>
          {help}
        </p>
      ) : null}
    </div>
  )
}

/** A select; `empty` is the first option, standing for "none" or "any". */
export function SelectField({
  id,
  label,
  value,
  onChange,
  options,
  empty,
  className = 'field',
}: Omit<Labelled, 'help' | 'helpId' | 'describedBy'> & {
  value: string
  onChange: (value: string) => void
  options: { value: string; label: ReactNode }[]
  empty?: string
  className?: string
}) {
  const generated = useId()
  const fieldId = id ?? generated
  return (
    <div className={className}>
      <label htmlFor={fieldId}>{label}</label>
      <select id={fieldId} value={value} onChange={(e) => onChange(e.target.value)}>
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

/** Checkboxes over a list of ids: `chosen` holds those ticked. */
export function CheckboxList({
  options,
  chosen,
  onToggle,
  className = 'checkbox-list',
}: {
  options: { value: string; label: ReactNode }[]
  chosen: readonly string[]
  onToggle: (value: string, on: boolean) => void
  className?: string
}) {
  return (
    <div className={className}>
      {options.map((o) => (
        <label key={o.value} className="checkbox">
          <input
            type="checkbox"
            checked={chosen.includes(o.value)}
            onChange={(e) => onToggle(o.value, e.target.checked)}
          />
          <span>{o.label}</span>
        </label>
      ))}
    </div>
  )
}

/** Radio buttons sharing one name: one of `options` is chosen. */
export function RadioGroup<V extends string>({
  name,
  options,
  value,
  onChange,
  className = 'radio-row',
}: {
  name: string
  /** `description`: what the option means, said after its name (aria-describedby), not in it */
  options: { value: V; label: ReactNode; description?: ReactNode }[]
  value: V | null
  onChange: (value: V) => void
  className?: string
}) {
  return (
    <div className={className}>
      {options.map((o) => {
        const described = o.description ? `${name}-${o.value}-description` : undefined
        const radio = (
          <label key={o.value} className="radio">
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
              aria-describedby={described}
            />
            {o.label}
          </label>
        )
        return o.description ? (
          <div key={o.value} className="radio-option">
            {radio}
            <span id={described} className="radio-description">
              {o.description}
            </span>
          </div>
        ) : (
          radio
        )
      })}
    </div>
  )
}

/**
 * Options for a select of things with a code and a name: "WS-BAT — Joint battery procurement",
 * the name in the reader's language when it was written in it (ADR 0023).
 */
export function codeOptions(
  list: readonly { id: string; code: string; name: string; nameJa?: string | null }[],
  lang: TextLang,
) {
  return list.map((x) => ({
    value: x.id,
    label: `${x.code} — ${inLanguage(lang, x.name, x.nameJa).text}`,
  }))
}

/** Adds or removes one id, for `CheckboxList.onToggle`. */
export function toggled(list: readonly string[], value: string, on: boolean): string[] {
  return on ? [...list, value] : list.filter((x) => x !== value)
}

/** An option's label: its name in bold, and what choosing it means. */
export function OptionLabel({ title, help }: { title: ReactNode; help: ReactNode }) {
  return (
    <span>
      <strong>{title}</strong>
      <span className="field-help"> — {help}</span>
    </span>
  )
}

/** A group of controls under one legend, with an optional line of help below it. */
export function Fieldset({
  legend,
  help,
  className = 'fieldset',
  children,
}: {
  legend: ReactNode
  help?: ReactNode
  className?: string
  children: ReactNode
}) {
  return (
    <fieldset className={className}>
      <legend>{legend}</legend>
      {help ? <p className="field-help">{help}</p> : null}
      {children}
    </fieldset>
  )
}
