import { describe, expect, it } from 'vitest'
import { durationUnit } from '../../client/src/features/dashboard/duration'

describe('the unit a duration is shown in', () => {
  it('follows the size of the value, so minutes are never drawn as fractions of a day', () => {
    expect(durationUnit(0)).toBe('minutes')
    expect(durationUnit(6 / 60)).toBe('minutes')
    expect(durationUnit(0.99)).toBe('minutes')
    expect(durationUnit(1)).toBe('hours')
    expect(durationUnit(47.9)).toBe('hours')
    expect(durationUnit(48)).toBe('days')
    expect(durationUnit(24 * 30)).toBe('days')
  })
})
