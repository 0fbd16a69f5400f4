import { useMutation } from '@tanstack/react-query'
import type { ProposalContent } from '../../../../shared/schemas/proposal'
import { useTRPC } from '../../trpc'
import { useIdempotencyKey } from '../../ui/idempotency-key'
import type { Mode } from './editor-form'
import type { EditorState } from './editor-state'
import { useProposalAction, useRefreshProposal } from './proposal-action'
import type { ProposalView } from './types'

/**
 * Saving the editor: filing a new proposal, updating a draft, or revising. `save` resolves to the
 * proposal's id once saved, `null` when refused (the refusal is in `error`).
 */
export function useEditorSave(mode: Mode, partnershipId: string, view: ProposalView | undefined) {
  const trpc = useTRPC()
  const refresh = useRefreshProposal()
  // A new proposal has no version yet: only the create below runs then.
  const target = view ?? { id: '', version: 0 }
  const create = useMutation(trpc.proposal.create.mutationOptions())
  const [idempotencyKey, renewKey] = useIdempotencyKey()
  const updateDraft = useProposalAction(target, trpc.proposal.updateDraft.mutationOptions())
  const revise = useProposalAction(target, trpc.proposal.revise.mutationOptions())
  const save = async (state: EditorState, content: ProposalContent): Promise<string | null> => {
    if (mode === 'draft') return (await updateDraft.run({ content })) ? target.id : null
    if (mode === 'revise')
      return (await revise.run({ content, note: state.note })) ? target.id : null
    try {
      const { id } = await create.mutateAsync({
        partnershipId,
        type: state.type,
        content,
        idempotencyKey,
      })
      renewKey()
      await refresh()
      return id
    } catch {
      return null
    }
  }
  const current = mode === 'new' ? create : mode === 'draft' ? updateDraft : revise
  return { save, error: current.error, isPending: current.isPending }
}
