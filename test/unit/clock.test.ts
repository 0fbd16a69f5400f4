import { describe, expect, it, vi } from 'vitest'
import { recordTimeNow } from '../../server/clock'

describe('recordTimeNow', () => {
  it('never gives the same time twice, nor an earlier one, even many times in a millisecond', () => {
    const times = Array.from({ length: 5000 }, () => recordTimeNow())
    for (let i = 1; i < times.length; i++)
      expect(
        (times[i] as string) > (times[i - 1] as string),
        `${times[i - 1]} then ${times[i]}`,
      ).toBe(true)
    // Close to the clock: a burst moves it forward by at most its length in milliseconds.
    expect(Date.parse(times.at(-1) as string) - Date.now()).toBeLessThanOrEqual(5000)
    expect(Date.now() - Date.parse(times[0] as string)).toBeLessThan(60_000)
  })
})

describe('recordTimeNow when the clock is set back', () => {
  it('follows a clock set back by more than a second (the demo story clock, a corrected host)', () => {
    const spy = vi.spyOn(Date, 'now')
    try {
      spy.mockReturnValue(Date.parse('2026-12-08T10:00:00.000Z'))
      expect(recordTimeNow()).toBe('2026-12-08T10:00:00.000Z')
      expect(recordTimeNow()).toBe('2026-12-08T10:00:00.001Z')
      // A step back of half a second is held: times stay in order.
      spy.mockReturnValue(Date.parse('2026-12-08T09:59:59.500Z'))
      expect(recordTimeNow()).toBe('2026-12-08T10:00:00.002Z')
      spy.mockReturnValue(Date.parse('2025-12-08T10:00:00.000Z'))
      expect(recordTimeNow()).toBe('2025-12-08T10:00:00.000Z')
    } finally {
      spy.mockRestore()
    }
  })
})
