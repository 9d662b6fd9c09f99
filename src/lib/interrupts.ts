// The signals that stop lx, and who answers them. SIGINT is Ctrl-C; SIGTERM comes from CI
// timeouts, `docker stop` and `kill`; SIGHUP from a dropped SSH session. Each ends lx with the
// exit code a shell would report for it (128 + the signal's number), after whoever is in charge
// (the apply engine while writes are in flight; otherwise the command's default) has had its say.
import {constants} from 'node:os'

export const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
export type InterruptSignal = (typeof INTERRUPT_SIGNALS)[number]

export function exitCodeOfSignal(signal: InterruptSignal): number {
  return 128 + constants.signals[signal]
}

type Listener = (signal: InterruptSignal) => void

const listeners: Listener[] = []
const forwarders = new Map<InterruptSignal, () => void>()

function dispatch(signal: InterruptSignal): void {
  listeners.at(-1)?.(signal)
}

/**
 * While the returned function has not been called, `listener` alone answers interrupt signals
 * (the newest listener wins: the engine's, pushed during a run, over the command's default).
 */
export function onInterrupt(listener: Listener): () => void {
  listeners.push(listener)
  if (forwarders.size === 0) {
    for (const signal of INTERRUPT_SIGNALS) {
      const forward = () => dispatch(signal)
      forwarders.set(signal, forward)
      process.on(signal, forward)
    }
  }

  return () => {
    const index = listeners.lastIndexOf(listener)
    if (index !== -1) listeners.splice(index, 1)
    if (listeners.length === 0) {
      for (const [signal, forward] of forwarders) process.off(signal, forward)
      forwarders.clear()
    }
  }
}
