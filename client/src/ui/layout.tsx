import { useMutation } from '@tanstack/react-query'
import { type ReactNode, useEffect, useId, useRef, useState } from 'react'
import { updateMe } from '../account'
import { isAdminAnywhere, useMe } from '../auth'
import { NotificationBell } from '../features/notifications/bell'
import { SearchBox } from '../features/search/search-box'
import { useI18n } from '../i18n'
import { isCurrent, visibleNavItems } from '../nav'
import { partyName, usePartnership } from '../partnership'
import { Link, useLocation } from '../router'
import { noteSignedOut } from '../session'
import { EXPECTS_UNAUTHORIZED, useTRPC } from '../trpc'
import { LanguageSwitch, SkipLink } from './public-layout'

function focusMain() {
  document.getElementById('main')?.focus()
}

function PartnershipSwitcher() {
  const { t } = useI18n()
  const { partnerships, current, select, isPending } = usePartnership()
  const id = useId()
  return (
    <div className="field-inline partnership-switcher">
      <label htmlFor={id}>{t('header.partnership')}</label>
      <select
        id={id}
        value={current?.id ?? ''}
        disabled={isPending || partnerships.length === 0}
        onChange={(event) => select(event.target.value)}
      >
        {partnerships.length === 0 ? (
          <option value="">{isPending ? t('common.loading') : t('header.noPartnership')}</option>
        ) : (
          partnerships.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))
        )}
      </select>
    </div>
  )
}

function SignOutButton() {
  const { t } = useI18n()
  const trpc = useTRPC()
  const me = useMe()
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      meta: EXPECTS_UNAUTHORIZED,
      onSettled: () => {
        noteSignedOut(me.id)
        // A full load drops everything this tab held in memory about the partnership.
        window.location.assign('/sign-in')
      },
    }),
  )
  return (
    <button
      type="button"
      className="button button-quiet"
      disabled={logout.isPending}
      onClick={() => logout.mutate()}
    >
      {logout.isPending ? t('header.signingOut') : t('header.signOut')}
    </button>
  )
}

function MainNav() {
  const { t } = useI18n()
  const me = useMe()
  const { roles } = usePartnership()
  const { pathname } = useLocation()
  const items = visibleNavItems(roles, isAdminAnywhere(me))
  return (
    <nav className="main-nav" aria-label={t('nav.label')}>
      <ul>
        {items.map((item) => {
          const current = isCurrent(item, pathname)
          return (
            <li key={item.to}>
              <Link to={item.to} aria-current={current ? 'page' : undefined}>
                {t(item.label)}
              </Link>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}

/** The header's language switch, signed in: the choice is kept with the account. */
function AccountLanguageSwitch() {
  const trpc = useTRPC()
  const save = useMutation(trpc.auth.setLanguage.mutationOptions())
  return (
    <LanguageSwitch
      onChoose={(locale) => {
        // The account's language is applied whenever `me` changes: it must say the new one at once.
        updateMe({ locale })
        save.mutate({ locale })
      }}
    />
  )
}

function Account() {
  const me = useMe()
  const { t, lang } = useI18n()
  const { current } = usePartnership()
  const party = current?.parties.find((p) => p.code === me.partyCode)
  return (
    <div className="account">
      <p className="account-who">
        <span className="visually-hidden">{t('header.account')}: </span>
        {/* The name opens the person's own settings (language, calendar feed). */}
        <Link to="/account" className="account-name" title={t('header.settings')}>
          {me.name}
          <span className="visually-hidden"> ({t('header.settings')})</span>
        </Link>
        <span
          className="party-tag"
          title={party ? partyName(party, lang, me.partyCode ?? '') : undefined}
        >
          {me.partyCode ?? t('party.none')}
        </span>
      </p>
      <AccountLanguageSwitch />
      <SignOutButton />
    </div>
  )
}

/**
 * The phone header's menu: on a narrow screen the switcher, account and navigation fold behind
 * one button (on a wide one the button is hidden by CSS and everything shows). Escape
 * closes it and gives the focus back to the button; going to another page closes it.
 */
function useHeaderMenu(pathname: string) {
  const [open, setOpen] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page is what closes the menu
  useEffect(() => setOpen(false), [pathname])
  useEffect(() => {
    if (!open) return
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return
      setOpen(false)
      button.current?.focus()
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [open])
  return { open, setOpen, button }
}

function MenuButton({
  menu,
  controls,
}: {
  menu: ReturnType<typeof useHeaderMenu>
  controls: string
}) {
  const { t } = useI18n()
  return (
    <button
      ref={menu.button}
      type="button"
      className="button menu-button"
      aria-expanded={menu.open}
      aria-controls={controls}
      onClick={() => menu.setOpen(!menu.open)}
    >
      <span aria-hidden="true" className="menu-glyph">
        {menu.open ? '✕' : '☰'}
      </span>{' '}
      {t('header.menu')}
    </button>
  )
}

/**
 * The signed-in frame: header with switcher and navigation, the page, a footer. Loaded with the
 * signed-in app (signed-in-app.tsx), never on the sign-in page, whose frame is public-layout.tsx.
 */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useI18n()
  const { pathname } = useLocation()
  const menu = useHeaderMenu(pathname)
  const menuId = useId()
  const first = useRef(true)
  useEffect(() => {
    // After a client-side navigation, start keyboard and screen-reader users at the new page.
    if (first.current) {
      first.current = false
      return
    }
    if (pathname) focusMain()
  }, [pathname])
  return (
    <>
      <SkipLink />
      <header className="site-header">
        <div className="site-header-bar">
          <Link to="/" className="brand">
            {t('app.name')}
          </Link>
          <NotificationBell />
          <MenuButton menu={menu} controls={`${menuId}-bar ${menuId}-nav`} />
          <div id={`${menuId}-bar`} className="site-menu site-menu-bar" data-open={menu.open}>
            <PartnershipSwitcher />
            <Account />
          </div>
        </div>
        <div className="site-header-nav">
          {/* The search stays in sight on a phone; the navigation folds into the menu. */}
          <div id={`${menuId}-nav`} className="site-menu site-menu-nav" data-open={menu.open}>
            <MainNav />
          </div>
          <SearchBox />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="site-main">
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
