import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { builtPaths, chooseDataDir } from '../../../electron/main/app-paths'

describe('chooseDataDir', () => {
  it("uses WORKBENCH_HOME when set and Electron's userData otherwise", () => {
    expect(chooseDataDir({ WORKBENCH_HOME: '/data/wb' }, '/home/u/.config/llm-workbench')).toBe('/data/wb')
    expect(chooseDataDir({}, '/home/u/.config/llm-workbench')).toBe('/home/u/.config/llm-workbench')
    expect(chooseDataDir({ WORKBENCH_HOME: '' }, '/ud')).toBe('/ud')
  })
})

describe('builtPaths', () => {
  it('finds the preload, renderer and core process where electron-vite builds them', () => {
    const out = join('/app', 'out')
    expect(builtPaths(join(out, 'main'))).toEqual({
      preload: join(out, 'preload', 'index.cjs'),
      renderer: join(out, 'renderer'),
      coreProcess: join(out, 'main', 'core-process.js')
    })
  })
})
