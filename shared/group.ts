/** Groups items by a key, keeping their order within each group. */
export function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Record<string, T[]> {
  const groups: Record<string, T[]> = {}
  for (const item of items) {
    const key = keyOf(item)
    const group = groups[key]
    if (group) group.push(item)
    else groups[key] = [item]
  }
  return groups
}
