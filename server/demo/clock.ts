/**
 * The time the demo's history happens at. The domain reads the time from `Date` (at about twenty
 * places, each in the transaction that records it); while the history loads, `Date` reads this
 * clock instead, so every row and ledger event is dated when the story says it happened, through
 * the domain's own code. It runs at first start, before the server serves anything, and the real
 * `Date` is put back when the history ends, even on failure (docs/decisions/0020-demo-history.md).
 */
const RealDate = Date

export class StoryClock {
  private ms: number

  constructor(at: Date) {
    this.ms = at.getTime()
  }

  set(at: Date): void {
    this.ms = at.getTime()
  }

  now(): Date {
    return new RealDate(this.ms)
  }

  /** Runs `work` with `new Date()` and `Date.now()` reading this clock. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (globalThis.Date !== RealDate) throw new Error('A story clock is running already.')
    const read = () => this.ms
    // A constructor that behaves as Date does, except for "now"; instances are real Dates.
    const StoryDate = function (this: unknown, ...args: unknown[]) {
      if (!new.target) return new RealDate(read()).toString()
      return Reflect.construct(RealDate, args.length > 0 ? args : [read()], new.target)
    } as unknown as DateConstructor
    Object.setPrototypeOf(StoryDate, RealDate)
    Object.defineProperty(StoryDate, 'prototype', { value: RealDate.prototype })
    Object.defineProperty(StoryDate, 'now', { value: read })
    globalThis.Date = StoryDate
    try {
      return await work()
    } finally {
      globalThis.Date = RealDate
    }
  }
}
