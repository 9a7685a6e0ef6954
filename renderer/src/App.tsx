import { useEffect, useState } from 'react'
import { ConnectionBanner } from './components/ConnectionBanner'
import { NoticeList } from './components/NoticeList'
import { ChatView } from './features/chat/ChatView'
import { HealthPage } from './features/health/HealthPage'
import { Sidebar, type View } from './features/conversations/Sidebar'
import { SettingsPage } from './features/settings/SettingsPage'
import { useConversations } from './stores/context'

/** The window: sidebar on the left, chat, health or settings on the right, banners on top. */
export function App() {
  const [view, setView] = useState<View>('chat')
  const selectedId = useConversations((s) => s.selectedId)

  // Picking a conversation from the settings screen means "show me that chat".
  useEffect(() => {
    if (selectedId) setView('chat')
  }, [selectedId])

  return (
    <div className="app">
      <Sidebar view={view} onNavigate={setView} />
      <main className="main">
        <ConnectionBanner />
        {view === 'chat' ? <ChatView onOpenSettings={() => setView('settings')} /> : view === 'health' ? <HealthPage /> : <SettingsPage />}
        <NoticeList />
      </main>
    </div>
  )
}
