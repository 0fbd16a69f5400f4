/** Where each kind of thing lives in the app, addressed by the code people use when it has one. */
export type AddressKind = 'proposal' | 'decision' | 'workstream' | 'charter_item'

export function pathOf(kind: AddressKind, codeOrId: string): string {
  const ref = encodeURIComponent(codeOrId)
  switch (kind) {
    case 'proposal':
      return `/proposals/${ref}`
    case 'decision':
      return `/decisions/${ref}`
    case 'workstream':
      return `/workstreams/${ref}`
    case 'charter_item':
      return `/charter#${ref}`
  }
}
