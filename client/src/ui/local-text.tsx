/**
 * Text a party wrote in English, Japanese or both — a charter item's title, a workstream's name
 * (ADR 0023): shown in the reader's language when it was written in it, otherwise in the other,
 * marked, with `lang` on the element so screen readers and fonts read it right.
 */
import type { ElementType } from 'react'
import { inLanguage } from '../../../shared/charter'
import { useI18n } from '../i18n'

/** The text in the reader's language, or the other one: for places that take a plain string. */
export function useLocalText() {
  const { lang } = useI18n()
  return (en: string | null | undefined, ja: string | null | undefined) =>
    inLanguage(lang, en, ja).text
}

export function LocalText({
  en,
  ja,
  as: Tag = 'span',
  className,
}: {
  en: string | null | undefined
  ja: string | null | undefined
  as?: ElementType
  className?: string
}) {
  const { lang, t } = useI18n()
  const shown = inLanguage(lang, en, ja)
  if (shown.lang === lang) return <Tag className={className}>{shown.text}</Tag>
  return (
    <Tag className={className}>
      <span lang={shown.lang}>{shown.text}</span>{' '}
      <small className="lang-mark">{t(`localText.${shown.lang}`)}</small>
    </Tag>
  )
}
