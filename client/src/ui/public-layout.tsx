import { type ReactNode, useId } from 'react'
import { LANGUAGES, type Language, useI18n } from '../i18n'

/*
 * The frame before sign-in, and the pieces the signed-in frame (layout.tsx) shares with it. Kept
 * apart so the sign-in page's JavaScript carries none of the signed-in header (partnership
 * switcher, notifications, search, navigation).
 */

export function SkipLink() {
  const { t } = useI18n()
  return (
    // A plain fragment link: the browser moves focus to <main tabindex="-1">.
    <a className="skip-link" href="#main">
      {t('skip.toMain')}
    </a>
  )
}

export function LanguageSwitch({ onChoose }: { onChoose?: (lang: Language) => void }) {
  const { t, lang, chooseLanguage } = useI18n()
  const id = useId()
  return (
    <div className="field-inline">
      <label htmlFor={id}>{t('header.language')}</label>
      <select
        id={id}
        value={lang}
        onChange={(event) => {
          const next = event.target.value as Language
          chooseLanguage(next)
          onChoose?.(next)
        }}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {t(`lang.${code}`)}
          </option>
        ))}
      </select>
    </div>
  )
}

/** The frame for pages before sign-in: the brand and the language switch. */
export function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n()
  return (
    <>
      <SkipLink />
      <header className="site-header">
        <div className="site-header-bar">
          <span className="brand">{t('app.name')}</span>
          <div className="account">
            <LanguageSwitch />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="site-main site-main-narrow">
        {children}
      </main>
      <footer className="site-footer">
        <p>
          {t('app.name')} · {t('app.tagline')}
        </p>
      </footer>
    </>
  )
}
