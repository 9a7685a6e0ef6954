import { uptime as systemUptime } from 'node:os'

/** A process on this machine: its pid, and its start time in ms since epoch so a reused pid does not pass for it. */
export interface ProcessOwner {
  pid: number
  startedAt: number
}

/**
 * How far two computations of one start time may differ. Both are wall clock minus an uptime,
 * read at different moments, so they drift by timer granularity and small clock adjustments.
 */
export const START_TOLERANCE_MS = 5_000

/** The running process as the owner of what it streams. */
export function currentProcessOwner(now: number = Date.now()): ProcessOwner {
  return { pid: process.pid, startedAt: Math.round(now - process.uptime() * 1000) }
}

/** Whether a process with this pid exists; EPERM means it exists but belongs to another user. */
function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Whether owner is still running. Pure Node, so it cannot read another process's start time;
 * it rules out the reused pids it can: its own pid (compared by start time) and any owner that
 * started before the machine last booted (after a reboot, old pids are handed out again).
 */
export function isProcessAlive(owner: ProcessOwner, now: number = Date.now()): boolean {
  // 0 and negative pids address process groups in kill(); they never name an owner.
  if (!Number.isSafeInteger(owner.pid) || owner.pid <= 0) return false
  if (owner.pid === process.pid) {
    return Math.abs(currentProcessOwner(now).startedAt - owner.startedAt) <= START_TOLERANCE_MS
  }
  const bootedAt = now - systemUptime() * 1000
  if (owner.startedAt < bootedAt - START_TOLERANCE_MS) return false
  return pidExists(owner.pid)
}
