// Simulated time. Lags (configuration updates, provisioned concurrency allocation) and the
// traffic are expressed in simulated milliseconds, so `speed` > 1 lets a demo watch minutes of
// account life in seconds. State transitions are evaluated lazily against `now()`, which keeps the
// server free of timers: nothing needs to be cancelled when it stops.

export interface SimClock {
  /** Simulated epoch milliseconds. */
  now(): number
  /** Simulated milliseconds per real millisecond. */
  readonly speed: number
  /** Jump simulated time forward (tests use this instead of sleeping). */
  advance(ms: number): void
}

export function createClock(speed = 1, startAt: number = Date.now(), realNow: () => number = () => performance.now()): SimClock {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, got ${speed}`)
  const realStart = realNow()
  let offset = 0
  return {
    speed,
    now: () => startAt + offset + (realNow() - realStart) * speed,
    advance(ms: number) {
      if (ms < 0) throw new RangeError('simulated time cannot go backwards')
      offset += ms
    },
  }
}

/** Lambda's `LastModified` format: ISO 8601 with milliseconds and a `+0000` offset. */
export function lambdaTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000')
}
