import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'
import { I18nProvider } from './i18n'
import './ui/base.css'
import './ui/layout.css'
import './ui/components.css'

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <I18nProvider>
        <App />
      </I18nProvider>
    </StrictMode>,
  )
}
