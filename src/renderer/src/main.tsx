import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import '../../shared/plain-words'
import { App } from './App'
import './styles/index.css'

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
}
