import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { afterEach } from 'vitest'

/** A real Node child process, for owners that are alive, then killed, then dead. */
export interface Child {
  readonly pid: number
  /** Wall-clock ms just before spawning: at most slightly earlier than the child's own start time. */
  readonly spawnedAt: number
  kill(): Promise<void>
}

async function start(code: string): Promise<{ child: ChildProcess; spawnedAt: number }> {
  const spawnedAt = Date.now()
  const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' })
  await once(child, 'spawn')
  return { child, spawnedAt }
}

/** Children spawned by a test are SIGKILLed after it, so none outlive a failed test. */
export function useChildProcesses(): { alive: () => Promise<Child>; exited: () => Promise<Child> } {
  const running = new Set<ChildProcess>()
  afterEach(async () => {
    const left = [...running]
    running.clear()
    await Promise.all(left.map(async (child) => {
      if (child.exitCode === null && child.signalCode === null) {
        const exit = once(child, 'exit')
        child.kill('SIGKILL')
        await exit
      }
    }))
  })
  const wrap = (child: ChildProcess, spawnedAt: number): Child => ({
    pid: child.pid!,
    spawnedAt,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exit = once(child, 'exit')
      child.kill('SIGKILL')
      // 'exit' fires after Node has reaped the child, so its pid no longer exists.
      await exit
      running.delete(child)
    }
  })
  return {
    async alive() {
      const { child, spawnedAt } = await start('setInterval(() => {}, 1000)')
      running.add(child)
      return wrap(child, spawnedAt)
    },
    async exited() {
      const { child, spawnedAt } = await start('')
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit')
      return wrap(child, spawnedAt)
    }
  }
}
