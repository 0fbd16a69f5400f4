/** Text with the words a search matched marked: the server's segments as elements, never markup. */
export interface Segment {
  text: string
  match: boolean
}

export function Highlighted({ segments }: { segments: readonly Segment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.match ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are fixed for one result
          <mark key={i}>{s.text}</mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are fixed for one result
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  )
}
