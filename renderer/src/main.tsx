import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import 'highlight.js/styles/github-dark.css'
import './styles.css'
import { pickTransport } from './api/bridge'
import { createClient } from './api/client'
import { App } from './App'
import { createStores, startStores } from './stores/app-stores'
import { StoresProvider } from './stores/context'

// The composition root of the renderer: one transport, one client, one set of stores.
const transport = pickTransport()
const stores = createStores(createClient(transport.bridge), transport.connection)
startStores(stores, transport.connection)

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <StoresProvider stores={stores}>
      <App />
    </StoresProvider>
  </StrictMode>
)
