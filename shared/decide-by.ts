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
