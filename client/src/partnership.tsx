import { useQuery } from '@tanstack/react-query'
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react'
import type { Role } from '../../shared/roles'
import { useI18n } from './i18n'
import { type RouterOutputs, useTRPC } from './trpc'

export type PartnershipSummary = RouterOutputs['partnership']['list'][number]
export type Party = PartnershipSummary['parties'][number]

const STORAGE_KEY = 'concord.partnership'

interface PartnershipState {
  partnerships: PartnershipSummary[]
  isPending: boolean
  current: PartnershipSummary | null
  roles: Role[]
  select: (id: string) => void
}

const PartnershipContext = createContext<PartnershipState | null>(null)

function remembered(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY)
  } catch {
    return null
  }
}

export function PartnershipProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC()
  const list = useQuery(trpc.partnership.list.queryOptions(undefined, { staleTime: 5 * 60_000 }))
  const [chosen, setChosen] = useState<string | null>(remembered)

  const select = useCallback((id: string) => {
    try {
      localStorage.setItem(STORAGE_KEY, id)
    } catch {
      // the choice then lasts for this page only
    }
    setChosen(id)
  }, [])

  const value = useMemo<PartnershipState>(() => {
    const partnerships = list.data ?? []
    const current = partnerships.find((p) => p.id === chosen) ?? partnerships[0] ?? null
    return {
      partnerships,
      isPending: list.isPending,
      current,
      roles: (current?.myRoles ?? []) as Role[],
      select,
    }
  }, [list.data, list.isPending, chosen, select])

  return <PartnershipContext.Provider value={value}>{children}</PartnershipContext.Provider>
}

export function usePartnership(): PartnershipState {
  const value = useContext(PartnershipContext)
  if (!value) throw new Error('usePartnership outside PartnershipProvider')
  return value
}

/** A party's name in the UI's language. */
export function partyName(party: Party | undefined, lang: string, fallbackCode: string): string {
  if (!party) return fallbackCode
  return lang === 'ja' ? party.nameJa || party.name : party.name
}

/** A party's name in the UI's language, from the signed-in user's partnerships; the code if unknown. */
export function usePartyLabel(): (code: string | null) => string {
  const { t, lang } = useI18n()
  const { partnerships } = usePartnership()
  return useCallback(
    (code: string | null) => {
      if (!code) return t('party.none')
      for (const p of partnerships) {
        const party = p.parties.find((x) => x.code === code)
        if (party) return partyName(party, lang, code)
      }
      return code
    },
    [partnerships, lang, t],
  )
}
