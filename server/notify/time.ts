/** Calendar dates and wall-clock hours in a person's or a party's time zone (IANA names). */

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

function parts(instant: Date, timeZone: string) {
  const fields = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant)
  const get = (type: string) => Number(fields.find((f) => f.type === type)?.value)
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  }
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone)
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`
}

function offsetMs(instant: Date, timeZone: string): number {
  const p = parts(instant, timeZone)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000
}

/** The instant at which it is `hour`:00 on `date` in `timeZone` (DST gaps move it forward). */
export function zonedHour(date: string, hour: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const wall = Date.UTC(y, m - 1, d, hour)
  // Two rounds settle the offset either side of a daylight-saving change.
  let guess = wall - offsetMs(new Date(wall), timeZone)
  guess = wall - offsetMs(new Date(guess), timeZone)
  return new Date(guess)
}

/** The next `hour`:00 in `timeZone` strictly after `now`: when a daily digest goes out. */
export function nextLocalHour(now: Date, hour: number, timeZone: string): Date {
  const today = localDate(now, timeZone)
  const candidate = zonedHour(today, hour, timeZone)
  if (candidate.getTime() > now.getTime()) return candidate
  const [y, m, d] = today.split('-').map(Number) as [number, number, number]
  const tomorrow = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)
  return zonedHour(tomorrow, hour, timeZone)
}
