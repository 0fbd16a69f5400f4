import { QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'
import { I18nProvider } from './i18n'
import { makeQueryClient, makeTrpcClient, sessionEnded, TRPCProvider } from './trpc'
import './ui/base.css'
import './ui/layout.css'
import './ui/components.css'

const queryClient = makeQueryClient(sessionEnded)
const trpcClient = makeTrpcClient()

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <I18nProvider>
            <App />
          </I18nProvider>
        </TRPCProvider>
      </QueryClientProvider>
    </StrictMode>,
  )
}
