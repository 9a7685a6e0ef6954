/** The only two Electron IPC channels: every contract request goes through one, every event through the other. */
export const INVOKE_CHANNEL = 'workbench:invoke'
export const EVENT_CHANNEL = 'workbench:event'
