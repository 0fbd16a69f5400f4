/** A line diff (longest common subsequence), shared by the API and the revision view. */
export type DiffLine = { op: 'same' | 'add' | 'del'; text: string }

const MAX_CELLS = 4_000_000

/** An empty text has no lines (not one empty line), so adding a body to an empty one is all adds. */
function linesOf(text: string): string[] {
  return text === '' ? [] : text.split('\n')
}

export function diffLines(before: string, after: string): DiffLine[] {
  const a = linesOf(before)
  const b = linesOf(after)
  // Trim the common head and tail first: revisions usually change a small part.
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const midA = a.slice(start, endA)
  const midB = b.slice(start, endB)
  const head = a.slice(0, start).map((text) => ({ op: 'same' as const, text }))
  const tail = a.slice(endA).map((text) => ({ op: 'same' as const, text }))
  if (midA.length * midB.length > MAX_CELLS) {
    // Too large to align line by line: show it as replaced, which is still correct.
    return [
      ...head,
      ...midA.map((text) => ({ op: 'del' as const, text })),
      ...midB.map((text) => ({ op: 'add' as const, text })),
      ...tail,
    ]
  }
  const n = midA.length
  const m = midB.length
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1))
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as Uint32Array
    const next = lcs[i + 1] as Uint32Array
    for (let j = m - 1; j >= 0; j--) {
      row[j] =
        midA[i] === midB[j]
          ? (next[j + 1] as number) + 1
          : Math.max(next[j] as number, row[j + 1] as number)
    }
  }
  const middle: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (midA[i] === midB[j]) {
      middle.push({ op: 'same', text: midA[i] as string })
      i++
      j++
    } else if ((lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0)) {
      middle.push({ op: 'del', text: midA[i++] as string })
    } else {
      middle.push({ op: 'add', text: midB[j++] as string })
    }
  }
  while (i < n) middle.push({ op: 'del', text: midA[i++] as string })
  while (j < m) middle.push({ op: 'add', text: midB[j++] as string })
  return [...head, ...middle, ...tail]
}
