import type { Executor } from '../../db/connect'

/**
 * Slows repeated failed sign-ins, per account and per address. After `freeFailures` failures in
 * the window, each further attempt waits for a block that doubles, up to `maxBlockMs`: a flood
 * cannot guess passwords quickly, and nobody is locked out for longer than the cap.
 */
export interface ThrottleRule {
  freeFailures: number
  windowMs: number
  baseBlockMs: number
  maxBlockMs: number
}

export const ACCOUNT_RULE: ThrottleRule = {
  freeFailures: 5,
  windowMs: 15 * 60_000,
  baseBlockMs: 30_000,
  maxBlockMs: 15 * 60_000,
}

export const ADDRESS_RULE: ThrottleRule = {
  freeFailures: 30,
  windowMs: 15 * 60_000,
  baseBlockMs: 30_000,
  maxBlockMs: 15 * 60_000,
}

/** Milliseconds until the key may try again, or 0. */
export async function blockedFor(db: Executor, key: string, now = Date.now()): Promise<number> {
  const row = await db
    .selectFrom('login_throttle')
    .select('blocked_until')
    .where('key', '=', key)
    .executeTakeFirst()
  if (!row?.blocked_until) return 0
  return Math.max(0, Date.parse(row.blocked_until) - now)
}

export async function recordFailure(
  db: Executor,
  key: string,
  rule: ThrottleRule,
  now = Date.now(),
) {
  const row = await db
    .selectFrom('login_throttle')
    .selectAll()
    .where('key', '=', key)
    .executeTakeFirst()
  const windowOpen = row && now - Date.parse(row.window_started_at) < rule.windowMs
  const failures = windowOpen ? row.failures + 1 : 1
  // The failure that uses up the free ones starts the first block, so the attempt after the
  // fifth failure already waits; each further failure doubles the block.
  const over = failures - rule.freeFailures
  const blockedUntil =
    over >= 0
      ? new Date(
          now + Math.min(rule.maxBlockMs, rule.baseBlockMs * 2 ** Math.min(over, 20)),
        ).toISOString()
      : null
  const values = {
    failures,
    window_started_at: windowOpen ? row.window_started_at : new Date(now).toISOString(),
    blocked_until: blockedUntil,
  }
  if (row) {
    await db.updateTable('login_throttle').set(values).where('key', '=', key).execute()
  } else {
    await db
      .insertInto('login_throttle')
      .values({ key, ...values })
      .execute()
  }
}

export async function clearFailures(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute()
}
