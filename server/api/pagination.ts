/**
 * The page contract of the API: opaque keyset cursors and "one row more than the page". It lives
 * with the API, not with a domain: it knows no table and no rule, only how a procedure's list is
 * cut into pages, and the domain and audit queries that serve those procedures use it.
 */
import { DomainError } from '../../shared/errors'

/** A cursor is the sort key of the last row of a page, as base64url-encoded JSON. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

export function decodeCursor(cursor: string, shape: ('string' | 'number')[]): unknown[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    if (
      Array.isArray(key) &&
      key.length === shape.length &&
      key.every((v, i) =>
        // Numbers in cursors are sequence numbers, counts and positions: whole, in an int4.
        shape[i] === 'number'
          ? Number.isInteger(v) && Math.abs(v as number) <= 2_147_483_647
          : typeof v === shape[i],
      )
    )
      return key
  } catch {
    // fall through to the error below
  }
  throw new DomainError(
    'VALIDATION',
    'cursor: not a cursor this list gave out; start again without one.',
    {
      field: 'cursor',
    },
  )
}

/** Takes one row more than the page to know whether another page follows. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => unknown[]) {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null }
}
