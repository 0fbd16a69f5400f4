import { describe, expect, it } from 'vitest'
import { type DiffLine, diffLines } from '../../shared/diff'

const side = (diff: DiffLine[], keep: 'del' | 'add') =>
  diff.filter((l) => l.op === 'same' || l.op === keep).map((l) => l.text)

/** Textbook LCS length, to check the diff keeps as many lines as can be kept. */
function lcsLength(a: string[], b: string[]): number {
  const w = b.length + 1
  const t = new Array<number>((a.length + 1) * w).fill(0)
  const at = (i: number, j: number) => t[i * w + j] as number
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      t[i * w + j] =
        a[i - 1] === b[j - 1] ? at(i - 1, j - 1) + 1 : Math.max(at(i - 1, j), at(i, j - 1))
  return at(a.length, b.length)
}

/** A small deterministic generator, so a failure names a seed that reproduces it. */
function random(seed: number) {
  let x = seed
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31
    return x / 2 ** 31
  }
}

describe('diffLines', () => {
  it('shows nothing changed as all same', () => {
    expect(diffLines('a\nb', 'a\nb')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'same', text: 'b' },
    ])
  })

  it('shows a changed line as deleted then added, in place', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'del', text: 'b' },
      { op: 'add', text: 'x' },
      { op: 'same', text: 'c' },
    ])
  })

  it('shows an added paragraph as adds only', () => {
    const diff = diffLines('Pool demand.', 'Pool demand.\nCells go to Ohio.')
    expect(diff).toEqual([
      { op: 'same', text: 'Pool demand.' },
      { op: 'add', text: 'Cells go to Ohio.' },
    ])
  })

  it('treats an empty text as no lines, not as one empty line', () => {
    expect(diffLines('', 'a\nb')).toEqual([
      { op: 'add', text: 'a' },
      { op: 'add', text: 'b' },
    ])
    expect(diffLines('a', '')).toEqual([{ op: 'del', text: 'a' }])
    expect(diffLines('', '')).toEqual([])
  })

  it('keeps a trailing newline as a line of its own', () => {
    expect(diffLines('a\n', 'a\nb\n')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'add', text: 'b' },
      { op: 'same', text: '' },
    ])
  })

  it('rebuilds both sides and keeps a longest common subsequence, on random texts', () => {
    const next = random(42)
    for (let round = 0; round < 300; round++) {
      const lines = (n: number) =>
        Array.from({ length: n }, () => 'abcde'[Math.floor(next() * 5)] as string)
      const a = lines(Math.floor(next() * 12))
      const b = lines(Math.floor(next() * 12))
      const diff = diffLines(a.join('\n'), b.join('\n'))
      const expectA = a.join('\n') === '' ? [] : a
      const expectB = b.join('\n') === '' ? [] : b
      expect(side(diff, 'del'), `round ${round}`).toEqual(expectA)
      expect(side(diff, 'add'), `round ${round}`).toEqual(expectB)
      expect(diff.filter((l) => l.op === 'same').length, `round ${round}`).toBe(
        lcsLength(expectA, expectB),
      )
    }
  })

  it('shows a change too large to align as a replacement, which is still correct', () => {
    const a = Array.from({ length: 2100 }, (_, i) => `old ${i}`)
    const b = Array.from({ length: 2100 }, (_, i) => `new ${i}`)
    const diff = diffLines(['head', ...a, 'tail'].join('\n'), ['head', ...b, 'tail'].join('\n'))
    expect(diff[0]).toEqual({ op: 'same', text: 'head' })
    expect(diff.at(-1)).toEqual({ op: 'same', text: 'tail' })
    expect(diff.filter((l) => l.op === 'del').map((l) => l.text)).toEqual(a)
    expect(diff.filter((l) => l.op === 'add').map((l) => l.text)).toEqual(b)
  })
})
