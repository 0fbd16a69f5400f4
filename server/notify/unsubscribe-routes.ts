/**
 * The unsubscribe link of an email, without signing in. GET shows a page with one button
 * (mail scanners follow links: a GET must change nothing); POST applies it, and so does a mail
 * client's one-click POST (RFC 8058, `List-Unsubscribe=One-Click`). Mount with
 * `app.route('/notifications', unsubscribeRoutes(db, secret))`.
 */
import { Hono } from 'hono'
import type { Db } from '../../db/connect'
import { applyUnsubscribe, verifyUnsubscribeToken } from './email'
import { EMAIL_DICTIONARIES, emailLocale } from './templates'

const TEXT = {
  en: {
    title: 'Concord email',
    confirm: (what: string) => `Stop emails about ${what}?`,
    all: 'everything',
    button: 'Stop these emails',
    done: (what: string) =>
      `Done: you will get no more emails about ${what}. You can turn them on again in Concord's settings.`,
    invalid:
      'This link is not valid. Copy the whole link from the email, or change your email settings in Concord.',
  },
  ja: {
    title: 'Concord メール',
    confirm: (what: string) => `「${what}」のメールを停止しますか？`,
    all: 'すべて',
    button: 'メールを停止する',
    done: (what: string) => `「${what}」のメールを停止しました。Concord の設定から再開できます。`,
    invalid:
      'このリンクは無効です。メールのリンクをすべてコピーするか、Concord の設定でメールを変更してください。',
  },
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function page(lang: 'en' | 'ja', title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main>${body}</main></body></html>`
}

export function unsubscribeRoutes(db: Db, secret: string): Hono {
  const app = new Hono()

  async function resolve(token: string | undefined) {
    const verified = token ? verifyUnsubscribeToken(secret, token) : null
    if (!verified) return null
    const user = await db
      .selectFrom('users')
      .leftJoin('notification_preferences as np', 'np.user_id', 'users.id')
      .select(['users.id', 'users.locale as user_locale', 'np.locale'])
      .where('users.id', '=', verified.userId)
      .executeTakeFirst()
    if (!user) return null
    const lang = emailLocale(user.locale ?? user.user_locale)
    const what =
      verified.scope === '*' ? TEXT[lang].all : EMAIL_DICTIONARIES[lang].categories[verified.scope]
    return { ...verified, lang, what }
  }

  app.get('/unsubscribe', async (c) => {
    const token = c.req.query('token')
    const found = await resolve(token)
    if (!found || !token) return c.html(page('en', TEXT.en.title, `<p>${TEXT.en.invalid}</p>`), 400)
    const t = TEXT[found.lang]
    return c.html(
      page(
        found.lang,
        t.title,
        `<h1>${escapeHtml(t.confirm(found.what))}</h1><form method="post" action="unsubscribe?token=${encodeURIComponent(token)}"><button type="submit">${escapeHtml(t.button)}</button></form>`,
      ),
    )
  })

  app.post('/unsubscribe', async (c) => {
    const found = await resolve(c.req.query('token'))
    if (!found) return c.html(page('en', TEXT.en.title, `<p>${TEXT.en.invalid}</p>`), 400)
    await applyUnsubscribe(db, found.userId, found.scope)
    const t = TEXT[found.lang]
    return c.html(page(found.lang, t.title, `<p>${escapeHtml(t.done(found.what))}</p>`))
  })

  return app
}
