// The moment a write leaves lx. The apply engine journals a change's intent exactly then — after
// the write has waited its turn in the rate budget, just before it goes on the wire — so the
// journal never lists writes that were still queued when a run was killed. The AWS client's
// middleware (aws/aws-context.ts) calls `writeLeaving()`; the engine wraps each step's writes in
// `whenWriteLeaves`. AsyncLocalStorage carries the callback to the right step among many in flight.
import {AsyncLocalStorage} from 'node:async_hooks'

const gate = new AsyncLocalStorage<() => void>()

export function whenWriteLeaves<T>(onLeave: () => void, run: () => Promise<T>): Promise<T> {
  return gate.run(onLeave, run)
}

/** Called by the client middleware right before a write is sent. */
export function writeLeaving(): void {
  gate.getStore()?.()
}
