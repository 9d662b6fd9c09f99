// Random failures on a fraction of requests, so clients can prove they retry and report well.
// Deterministic for a given seed: a failing test can be replayed.

export type Fault = {kind: 'throttle'} | {kind: 'server-error'}

/** mulberry32: a tiny, fast PRNG; plenty for spreading faults and generating accounts. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export class FaultInjector {
  private readonly random: () => number

  constructor(private readonly rate: number, seed = 7) {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`fault rate must be between 0 and 1, got ${rate}`)
    this.random = seededRandom(seed)
  }

  next(): Fault | undefined {
    if (this.rate === 0 || this.random() >= this.rate) return undefined
    // Half throttles, half internal errors: the two failures a real account produces most.
    return this.random() < 0.5 ? {kind: 'throttle'} : {kind: 'server-error'}
  }
}
