/**
 * When a decide-by date has passed. The parties sit in different time zones, so a date counts as
 * passed only once it has ended everywhere (at UTC−12): nobody is refused a date that is still
 * today where they are. Server and browser use this one rule.
 */
export function earliestDecideBy(now: Date): string {
  return new Date(now.getTime() - 12 * 3_600_000).toISOString().slice(0, 10)
}

export function decideByHasPassed(date: string, now: Date): boolean {
  return date < earliestDecideBy(now)
}

/**
 * How far ahead a decide-by date may lie: a date years away is no deadline, and every count of
 * business days up to it (each party's clock, reminders) walks the days between.
 */
export const DECIDE_BY_MAX_YEARS = 5

export function latestDecideBy(now: Date): string {
  const d = new Date(now.getTime() + 14 * 3_600_000)
  d.setUTCFullYear(d.getUTCFullYear() + DECIDE_BY_MAX_YEARS)
  return d.toISOString().slice(0, 10)
}

export function decideByTooFar(date: string, now: Date): boolean {
  return date > latestDecideBy(now)
}
