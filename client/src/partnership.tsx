import { useQuery } from '@tanstack/react-query'
import type { inferRouterOutputs } from '@trpc/server'
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react'
import type { AppRouter } from '../../server/routers'
import type { Role } from '../../shared/roles'
import { useTRPC } from './trpc'

type Outputs = inferRouterOutputs<AppRouter>
export type PartnershipSummary = Outputs['partnership']['list'][number]
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
