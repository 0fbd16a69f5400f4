/**
 * The calendar feed over HTTP: `GET /calendar/<secret>.ics`, without a session (the secret is
 * the credential). Anything else — a malformed or reset secret, a disabled person — is the same
 * bare 404, so the answer gives no hint. Mount with `app.route('/calendar', feedRoutes(db))`.
 */
import { Hono } from 'hono'
import type { Db } from '../../../db/connect'
import { feedCalendar, feedOwner } from './feed'

export function feedRoutes(db: Db) {
  const app = new Hono()
  app.get('/:file', async (c) => {
    const file = c.req.param('file')
    const owner = file.endsWith('.ics') ? await feedOwner(db, file.slice(0, -4)) : null
    c.header('cache-control', 'private, no-store')
    c.header('referrer-policy', 'no-referrer')
    if (!owner) return c.text('Not found', 404)
    c.header('content-type', 'text/calendar; charset=utf-8')
    c.header('content-disposition', 'inline; filename="concord-decide-by.ics"')
    return c.body(await feedCalendar(db, owner))
  })
  return app
}
