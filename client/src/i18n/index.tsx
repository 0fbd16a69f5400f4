import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react'
import type { Dictionary, MessageKey } from './en'

export const LANGUAGES = ['en', 'ja'] as const
export type Language = (typeof LANGUAGES)[number]

/**
 * Each language's messages are chunks of their own, fetched when that language is first shown:
 * a person reading English never downloads the Japanese, nor the reverse (issue 16). And each
 * comes in two parts: what the public pages say (the frame, sign-in, errors: `en-public.ts`) and
 * the whole app's (`en.ts`, which includes the first). The sign-in page loads only the first;
 * signing in asks for the whole (`needAllMessages`).
 */
type Scope = 'public' | 'all'

const DICTIONARIES: Record<Language, Record<Scope, () => Promise<Partial<Dictionary>>>> = {
  en: {
    public: () => import('./en-public').then((module) => module.enPublic),
    all: () => import('./en').then((module) => module.en),
  },
  ja: {
    public: () => import('./ja-public').then((module) => module.jaPublic),
    all: () => import('./ja').then((module) => module.ja),
  },
}
const loadedDictionaries = new Map<string, Promise<Partial<Dictionary>>>()

function loadDictionary(lang: Language, scope: Scope): Promise<Partial<Dictionary>> {
  const key = `${lang} ${scope}`
  let loading = loadedDictionaries.get(key)
  if (!loading) {
    loading = DICTIONARIES[lang][scope]()
    loadedDictionaries.set(key, loading)
    loading.catch(() => loadedDictionaries.delete(key))
  }
  return loading
}

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
 * Counts inside a message use ICU's plural (`{count, plural, one {# item} other {# items}}`, see
 * `formatMessage`): English picks the form, Japanese writes its counter once (`{count}件`).
 * A whole message that depends on one count may instead be written once per CLDR category, as
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
  /** Whether every message of the app is here (not only the public pages'). */
  allMessages: boolean
  /** Someone signed in: load every message of the app (the public pages need only a few). */
  needAllMessages: () => void
  /** The user picked a language: remember it in this browser. */
  chooseLanguage: (lang: Language) => void
  /** The signed-in user's saved language: it wins over this browser's own choice. */
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

const PLURAL_START = /\{(\w+), plural,/g

/** The number a variable holds: a number, or digits a caller already formatted ("1,234"). */
function countOf(value: string | number): number {
  return typeof value === 'number' ? value : Number(value.replace(/[^\d.-]/g, ''))
}

/** The branches of `one {…} other {…}` from `at`, braces nested; and where the closing `}` is. */
function branchesFrom(text: string, at: number): { branches: Map<string, string>; end: number } {
  const branches = new Map<string, string>()
  let i = at
  while (i < text.length) {
    while (text[i] === ' ') i++
    if (text[i] === '}') return { branches, end: i }
    const open = text.indexOf('{', i)
    if (open < 0) break
    const selector = text.slice(i, open).trim()
    let depth = 1
    let j = open + 1
    while (j < text.length && depth > 0) {
      if (text[j] === '{') depth++
      else if (text[j] === '}') depth--
      j++
    }
    branches.set(selector, text.slice(open + 1, j - 1))
    i = j
  }
  return { branches, end: text.length - 1 }
}

/**
 * Fills in a message: `{name}` with the variable, and `{name, plural, one {# item} other {# items}}`
 * (ICU's plural, one count or several in one message) with the form `Intl.PluralRules` picks for
 * the variable's number in this locale (`=0` and the like match the number exactly); `#` is the
 * number as the locale writes it, or as the caller formatted it.
 */
export function formatMessage(
  text: string,
  vars: Vars | undefined,
  rules: Intl.PluralRules,
  number: Intl.NumberFormat,
): string {
  if (!vars) return text
  let out = ''
  let last = 0
  PLURAL_START.lastIndex = 0
  for (let m = PLURAL_START.exec(text); m; m = PLURAL_START.exec(text)) {
    const name = m[1] as string
    const { branches, end } = branchesFrom(text, m.index + m[0].length)
    const value = vars[name]
    let chosen = text.slice(m.index, end + 1)
    if (value !== undefined) {
      const count = countOf(value)
      const form =
        branches.get(`=${count}`) ??
        branches.get(rules.select(count)) ??
        branches.get('other') ??
        ''
      const shown = typeof value === 'number' ? number.format(value) : value
      chosen = form.replace(/#/g, shown)
    }
    out += text.slice(last, m.index) + chosen
    last = end + 1
    PLURAL_START.lastIndex = end + 1
  }
  return interpolate(out + text.slice(last), vars)
}

function applyDocumentLanguage(lang: Language) {
  document.documentElement.lang = lang
}

export function I18nProvider({ children }: { children: ReactNode }) {
  // The language asked for; the page switches to it when its dictionary has arrived.
  const [wanted, setWanted] = useState<Language>(() => storedLanguage() ?? navigatorLanguage())
  // Every message, once someone has signed in; until then those of the public pages.
  const [scope, setScope] = useState<Scope>('public')
  const [shown, setShown] = useState<{
    lang: Language
    scope: Scope
    dictionary: Partial<Dictionary>
  } | null>(null)

  useEffect(() => {
    let current = true
    loadDictionary(wanted, scope).then(
      (dictionary) => {
        if (!current) return
        applyDocumentLanguage(wanted)
        setShown({ lang: wanted, scope, dictionary })
      },
      // Offline: the language shown stays; choosing it again asks again.
      () => undefined,
    )
    return () => {
      current = false
    }
  }, [wanted, scope])

  const needAllMessages = useCallback(() => setScope('all'), [])

  const chooseLanguage = useCallback((next: Language) => {
    try {
      localStorage.setItem(STORAGE_KEY, next)
    } catch {
      // Storage may be off (private mode): the choice then lasts for this page only.
    }
    setWanted(next)
  }, [])

  // Signed in, the account's saved language comes first (it follows the person to every
  // browser); this browser remembers it for the sign-in page.
  const adoptAccountLanguage = useCallback((preferred: string) => {
    if (!isLanguage(preferred)) return
    try {
      localStorage.setItem(STORAGE_KEY, preferred)
    } catch {
      // Storage may be off (private mode).
    }
    setWanted(preferred)
  }, [])

  const value = useMemo<I18n | null>(() => {
    if (!shown) return null
    const { lang, dictionary } = shown
    const locale = intlLocale(lang)
    // The browser's time zone is the user's: Intl uses it when none is named.
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })
    const number = new Intl.NumberFormat(locale)
    const plurals = new Intl.PluralRules(locale)
    return {
      lang,
      locale,
      // A key not loaded yet would be a defect (test/unit/i18n-public.test.ts): shown as the key.
      t: (key, vars) => formatMessage(dictionary[key] ?? key, vars, plurals, number),
      plural: (key, count, vars) => {
        const form = `${key}.${plurals.select(count)}`
        const text =
          (form in dictionary ? dictionary[form as MessageKey] : dictionary[`${key}.other`]) ?? key
        return interpolate(text, { count: number.format(count), ...vars })
      },
      allMessages: shown.scope === 'all',
      needAllMessages,
      chooseLanguage,
      adoptAccountLanguage,
      formatDate: (iso) => date.format(new Date(iso)),
      formatDateTime: (iso) => dateTime.format(new Date(iso)),
      formatNumber: (n) => number.format(n),
    }
  }, [shown, needAllMessages, chooseLanguage, adoptAccountLanguage])

  // Nothing can be said before the first dictionary arrives (one small request after the entry).
  if (!value) return null
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18n {
  const value = useContext(I18nContext)
  if (!value) throw new Error('useI18n outside I18nProvider')
  return value
}

export type { MessageKey }
