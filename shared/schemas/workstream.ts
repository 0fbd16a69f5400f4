import { z } from 'zod'
import { id } from './common'

export const workstreamGetInput = z.object({ workstreamId: id })
