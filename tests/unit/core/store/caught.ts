import { WorkbenchError } from '../../../../shared/errors'

/** The WorkbenchError fn throws; fails the test if it throws nothing or something else. */
export function caught(fn: () => unknown): WorkbenchError {
  try {
    fn()
  } catch (err) {
    if (err instanceof WorkbenchError) return err
    throw new Error(`expected a WorkbenchError, got: ${String(err)}`, { cause: err })
  }
  throw new Error('expected a WorkbenchError, but nothing was thrown')
}
