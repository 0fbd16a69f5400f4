import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react'
import { type Dictionary, en, type MessageKey } from './en'
import { ja } from './ja'

export const LANGUAGES = ['en', 'ja'] as const
export type Language = (typeof LANGUAGES)[number]

const DICTIONARIES: Record<Language, Dictionary> = { en, ja }
const STORAGE_KEY = 'concord.lang'

function isLanguage(value: unknown): value is Language {
  return LANGUAGES.includes(value as Language)
}

function storedLanguage(): Language | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    return isLanguage(value) ? value : null
  } catch {
    return null
  }
}

function navigatorLanguage(): Language {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0]
    if (isLanguage(base)) return base
  }
  return 'en'
}

/** The BCP 47 tag for Intl: the browser's own regional variant when it speaks the same language. */
function intlLocale(lang: Language): string {
  const own = (navigator.languages ?? [navigator.language]).find((tag) =>
    tag.toLowerCase().startsWith(lang),
  )
  return own ?? (lang === 'ja' ? 'ja-JP' : 'en')
}

type Vars = Record<string, string | number>

/**
 * A message with plural forms is written once per CLDR category the languages need, as
 * `<base>.one` and `<base>.other` (Japanese has only "other", but keeps both keys, typed as the
 * English dictionary). `PluralKey` is the base.
 */
export type PluralKey = MessageKey extends infer K
  ? K extends `${infer Base}.other`
    ? Base
    : never
  : never

export interface I18n {
  lang: Language
  locale: string
  t: (key: MessageKey, vars?: Vars) => string
  /** The form of a plural message that `count` takes in this language; `{count}` is filled in. */
  plural: (key: PluralKey, count: number, vars?: Vars) => string
  /** The user picked a language: remember it in this browser. */
  chooseLanguage: (lang: Language) => void
  /** The signed-in user's preferred language; used only while this browser has no choice of its own. */
  adoptAccountLanguage: (lang: string) => void
  formatDate: (iso: string) => string
  formatDateTime: (iso: string) => string
  formatNumber: (value: number) => string
}

const I18nContext = createContext<I18n | null>(null)

function interpolate(text: string, vars?: Vars): string {
  if (!vars) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  )
}

function applyDocumentLanguage(lang: Language) {
  document.documentElement.lang = lang
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLang] = useState<Language>(() => {
    const initial = storedLanguage() ?? navigatorLanguage()
    applyDocumentLanguage(initial)
    return initial
  })

  const chooseLanguage = useCallback((next: Language) => {
    try {
      localStorage.setItem(STORAGE_KEY, next)
    } catch {
      // Storage may be off (private mode): the choice then lasts for this page only.
    }
    applyDocumentLanguage(next)
    setLang(next)
  }, [])

  const adoptAccountLanguage = useCallback((preferred: string) => {
    if (storedLanguage() || !isLanguage(preferred)) return
    applyDocumentLanguage(preferred)
    setLang(preferred)
  }, [])

  const value = useMemo<I18n>(() => {
    const dictionary = DICTIONARIES[lang]
    const locale = intlLocale(lang)
    // The browser's time zone is the user's: Intl uses it when none is named.
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })
    const number = new Intl.NumberFormat(locale)
    const plurals = new Intl.PluralRules(locale)
    return {
      lang,
      locale,
      t: (key, vars) => interpolate(dictionary[key], vars),
      plural: (key, count, vars) => {
        const form = `${key}.${plurals.select(count)}`
        const text =
          form in dictionary ? dictionary[form as MessageKey] : dictionary[`${key}.other`]
        return interpolate(text, { count: number.format(count), ...vars })
      },
      chooseLanguage,
      adoptAccountLanguage,
      formatDate: (iso) => date.format(new Date(iso)),
      formatDateTime: (iso) => dateTime.format(new Date(iso)),
      formatNumber: (n) => number.format(n),
    }
  }, [lang, chooseLanguage, adoptAccountLanguage])

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18n {
  const value = useContext(I18nContext)
  if (!value) throw new Error('useI18n outside I18nProvider')
  return value
}

export type { MessageKey }
