/** How people name proposals and decisions: P-12, D-7. The one formatter, on server and client. */
export function proposalCode(p: { number: number }): string {
  return `P-${p.number}`
}

export function decisionCode(d: { number: number }): string {
  return `D-${d.number}`
}
