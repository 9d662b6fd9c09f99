// The clock a guard watches by. In real use it is the wall clock: the guard sleeps until the next
// minute has ended. Against the sandbox, tests and demos set LX_GUARD_CLOCK=sandbox and the guard
// shares the sandbox's simulated clock instead: "sleeping" asks the sandbox to jump its clock
// forward (POST /_sandbox/clock/advance), so ten guarded minutes take a second, and lx and the
// sandbox agree on what time it is. It is refused unless lx is pointed at an endpoint.
import {UserError} from '../errors.js'
import {guardClockSetting} from '../lib/settings.js'

export interface GuardClock {
  /** Epoch milliseconds. */
  now(): number
  /** Resolves at `epochMs` or when `signal` aborts, whichever comes first. */
  waitUntil(epochMs: number, signal: AbortSignal): Promise<void>
  /** How long after a minute ends the guard reads it (metrics need a moment to land). */
  readonly graceMs: number
  readonly simulated: boolean
}

export function wallClock(graceMs = 10_000): GuardClock {
  return {
    now: () => Date.now(),
    graceMs,
    simulated: false,
    waitUntil(epochMs, signal) {
      return new Promise((resolve) => {
        if (signal.aborted) return resolve()
        const timer = setTimeout(done, Math.max(0, epochMs - Date.now()))
        function done() {
          clearTimeout(timer)
          signal.removeEventListener('abort', done)
          resolve()
        }

        signal.addEventListener('abort', done, {once: true})
      })
    },
  }
}

/**
 * Moves this process's Date forward by `offset` ms, so that what lx journals after the guard jumped
 * the sandbox's clock (the guard's undo) carries the sandbox's time. Test and demo seam only:
 * installed by sandboxClock, never otherwise.
 */
function followSimulatedTime(): (offsetMs: number) => void {
  const BaseDate = globalThis.Date
  let offset = 0
  class SandboxDate extends BaseDate {
    constructor(...args: any[]) {
      if (args.length === 0) super(BaseDate.now() + offset)
      else super(...(args as [any]))
    }

    static override now(): number {
      return BaseDate.now() + offset
    }
  }

  globalThis.Date = SandboxDate as DateConstructor
  return (offsetMs) => {
    offset = offsetMs
  }
}

/** The sandbox's clock, driven forward by the guard; `start` is the sandbox's now when it begins. */
export async function sandboxClock(endpointUrl: string): Promise<GuardClock> {
  const advance = async (ms: number): Promise<number> => {
    const response = await fetch(new URL(`/_sandbox/clock/advance?ms=${Math.max(0, Math.round(ms))}`, endpointUrl), {method: 'POST'})
    if (!response.ok) {
      throw new UserError(`LX_GUARD_CLOCK=sandbox, but ${endpointUrl} does not answer /_sandbox/clock/advance (HTTP ${response.status}).`, {
        code: 'BadGuardClock',
      })
    }

    return Number(((await response.json()) as {now: number}).now)
  }

  const wallNow = Date.now
  const setOffset = followSimulatedTime()
  let known = await advance(0)
  let knownAt = performance.now()
  // Only the guard's own jumps move this process's clock, and only forward: timers and rate
  // budgets set before never see time run backwards. (Tests start lx in the sandbox's time.)
  const lead = known - wallNow()
  return {
    now: () => known + (performance.now() - knownAt),
    graceMs: 1000,
    simulated: true,
    async waitUntil(epochMs, signal) {
      if (signal.aborted) return
      const current = await advance(0)
      known = await advance(epochMs - current)
      knownAt = performance.now()
      setOffset(Math.max(0, known - wallNow() - lead))
    },
  }
}

/** The guard's clock for this run: the sandbox's only when asked for and lx talks to an endpoint. */
export async function guardClockFor(endpointUrl: string | undefined): Promise<GuardClock> {
  if (guardClockSetting() !== 'sandbox') return wallClock()
  if (!endpointUrl) {
    throw new UserError('LX_GUARD_CLOCK=sandbox only works against the sandbox (--endpoint-url or AWS_ENDPOINT_URL).', {
      code: 'BadGuardClock',
      hint: 'Unset LX_GUARD_CLOCK.',
    })
  }

  return sandboxClock(endpointUrl)
}
