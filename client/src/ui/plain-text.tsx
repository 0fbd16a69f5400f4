/** Text a person typed, shown as typed (line breaks kept, no Markdown); nothing when empty. */
export function PlainText({ text }: { text: string | null | undefined }) {
  return text ? <p className="pre-wrap">{text}</p> : null
}
