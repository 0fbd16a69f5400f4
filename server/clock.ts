/**
 * The time a record is made, as an ISO string: never the same twice in this process, never
 * earlier than the one before. Rows the "since my last visit" count compares with a visit's time
 * (revisions, reviews, comments, concerns, sign-offs, state changes, the visit itself) are stamped
 * here, so a change made after a visit is later than it even within one millisecond, where two
 * readings of `Date.now()` would be equal and the change would never count as new.
 *
 * Within one process only: on PostgreSQL, instances' clocks are as far apart as their hosts'. A
 * clock set back by more than a second (the demo's story clock going to a year ago, a host's clock
 * corrected) is followed, not held to the time it had reached.
 */
let last = 0
let lastReading = 0

/** A reading behind the one before by more than this: the clock was set back, follow it. */
const SET_BACK_MS = 1000

export function recordTimeNow(): string {
  const now = Date.now()
  const setBack = lastReading - now > SET_BACK_MS
  lastReading = now
  last = now > last || setBack ? now : last + 1
  return new Date(last).toISOString()
}
