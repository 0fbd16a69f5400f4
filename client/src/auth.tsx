import { createContext, useContext } from 'react'
import type { Role } from '../../shared/roles'
import type { RouterOutputs } from './trpc-client'

export type Me = RouterOutputs['auth']['me']

export const MeContext = createContext<Me | null>(null)

/** The signed-in user; only pages inside the signed-in layout use it. */
export function useMe(): Me {
  const me = useContext(MeContext)
  if (!me) throw new Error('useMe outside the signed-in layout')
  return me
}

export function isAdminAnywhere(me: Me): boolean {
  return Object.values(me.roles).some((roles) => (roles as Role[]).includes('admin'))
}
