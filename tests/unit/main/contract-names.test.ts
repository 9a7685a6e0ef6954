import { describe, expect, it } from 'vitest'
import { eventNames, requestChannels } from '../../../shared/ipc/contract'
import {
  EVENT_NAMES,
  isKnownEventName,
  isKnownRequestChannel,
  REQUEST_CHANNELS
} from '../../../electron/preload/contract-names'

describe('the preload name lists', () => {
  it('hold exactly the channels and events of the contract', () => {
    expect([...REQUEST_CHANNELS].sort()).toEqual([...requestChannels].sort())
    expect([...EVENT_NAMES].sort()).toEqual([...eventNames].sort())
  })

  it('recognise contract names only, and nothing inherited from Object', () => {
    expect(isKnownRequestChannel('chat.send')).toBe(true)
    expect(isKnownRequestChannel('toString')).toBe(false)
    expect(isKnownRequestChannel('__proto__')).toBe(false)
    expect(isKnownRequestChannel(42)).toBe(false)
    expect(isKnownEventName('chat.delta')).toBe(true)
    expect(isKnownEventName('chat.send')).toBe(false)
  })
})
